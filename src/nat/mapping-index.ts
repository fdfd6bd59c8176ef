/**
 * Outbound lookup: which mapping serves a packet from an internal endpoint to a remote (RFC 4787 §4.1). Under
 * endpoint-independent mapping one per internal endpoint; under address(-and-port)-dependent mapping one per
 * (internal endpoint, remote address (and port)). Numeric keys only: no strings on the hot path.
 */
import type { BehaviorLevel } from './filtering';
import type { MappingRecord } from './nat-mapping';

/** Mappings by internal endpoint and, when mapping depends on it, remote. */
export class MappingIndex {
  /** key: endpointKey(internal ip, port); endpoint-independent mapping only. */
  private readonly eim = new Map<number, MappingRecord>();
  /**
   * key: endpointKey(internal ip, port); value: key = remote IP (address-dependent) or endpointKey(remote ip,
   * port) (address-and-port-dependent) → mapping.
   */
  private readonly edm = new Map<number, Map<number, MappingRecord>>();

  /** The mapping get() found last, with its keys: a flow's next packet asks for it again (no Map lookup then). */
  private lastKey = -1;
  private lastRemote = -1;
  private last: MappingRecord | undefined = undefined;

  constructor(private readonly level: BehaviorLevel) {}

  private remoteKey(remoteIp: number, remotePort: number): number {
    return this.level === 1 ? remoteIp : remoteIp * 65536 + remotePort;
  }

  /** The mapping serving internalKey -> remote, if any (it may be due; the caller checks). */
  get(internalKey: number, remoteIp: number, remotePort: number): MappingRecord | undefined {
    const remote = this.level === 0 ? 0 : this.remoteKey(remoteIp, remotePort);
    if (internalKey === this.lastKey && remote === this.lastRemote) return this.last;
    const m = this.level === 0 ? this.eim.get(internalKey) : this.edm.get(internalKey)?.get(remote);
    if (m !== undefined) {
      this.lastKey = internalKey;
      this.lastRemote = remote;
      this.last = m;
    }
    return m;
  }

  /** Adds a new mapping. */
  add(m: MappingRecord): void {
    const key = m.internalIp * 65536 + m.internalPort;
    if (this.level === 0) {
      this.eim.set(key, m);
      return;
    }
    let inner = this.edm.get(key);
    if (inner === undefined) this.edm.set(key, (inner = new Map()));
    inner.set(this.remoteKey(m.remoteIp, m.remotePort), m);
  }

  /** Removes a mapping (no-op when absent). */
  remove(m: MappingRecord): void {
    if (this.last === m) {
      this.last = undefined;
      this.lastKey = -1;
    }
    const key = m.internalIp * 65536 + m.internalPort;
    if (this.level === 0) {
      if (this.eim.get(key) === m) this.eim.delete(key);
      return;
    }
    const inner = this.edm.get(key);
    if (inner === undefined) return;
    const rk = this.remoteKey(m.remoteIp, m.remotePort);
    if (inner.get(rk) === m) inner.delete(rk);
    if (inner.size === 0) this.edm.delete(key);
  }

  /** Every mapping of one internal endpoint (for endpoint-scope filtering). */
  ofEndpoint(internalKey: number): Iterable<MappingRecord> {
    if (this.level === 0) {
      const m = this.eim.get(internalKey);
      return m === undefined ? [] : [m];
    }
    return this.edm.get(internalKey)?.values() ?? [];
  }
}
