/**
 * capture.pcapng: every packet on every link (the 'link' trace events) as a pcapng file (IETF draft
 * "PCAP Next Generation Dump File Format", draft-ietf-opsawg-pcapng): one Section Header Block, one Interface
 * Description Block per interface (`node/ifname`, so Wireshark shows interface names), one Enhanced Packet Block
 * per packet with a synthesized IPv4/UDP header, timestamps in virtual microseconds. Little-endian.
 */
import type { TraceListener } from '../sim/trace';
import type { LinkEvent, TraceEvent } from '../sim/trace-events';
import { ByteSink, FileSink, MemorySink } from './file-sink';
import { IPV4_HEADER_LEN, UDP_HEADER_LEN, ipv4Bytes } from './ipv4-udp';
import { tcpHeaderLength } from '../net/tcp-header';
import { IPV6_HEADER_LEN, ipv6Bytes } from './ipv6-udp';
import { IPV6_NUMBER_BASE } from '../sim/address-numbers';
import type { TopologyInfo } from './run-record';

/** pcapng block types (draft-ietf-opsawg-pcapng §4.1, §4.2, §4.3). */
export const BLOCK_SHB = 0x0a0d0d0a;
export const BLOCK_IDB = 0x00000001;
export const BLOCK_EPB = 0x00000006;
/** LINKTYPE_RAW: packets start with the IP header, IPv4 or IPv6 (told apart by the version nibble). */
export const LINKTYPE_RAW = 101;
/** Option codes: opt_endofopt, if_name, if_description, if_tsresol, shb_userappl. */
const OPT_END = 0;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const SHB_USERAPPL = 4;

/** An interface to declare in the capture. */
export interface CaptureInterface {
  /** `node/ifname`, as 'link' events name it. */
  readonly name: string;
  /** Shown by Wireshark next to the name, e.g. `network lan, 192.168.1.10`. */
  readonly description?: string;
}

/** Options for PcapngWriter. */
export interface PcapngInit {
  /**
   * Interfaces declared up front, in this order (interface ids 0, 1, ...). Interfaces first seen in an event are
   * declared when first used.
   * @default []
   */
  interfaces?: readonly CaptureInterface[];
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** Encodes options (code, length, value padded to 4) followed by opt_endofopt. */
function options(opts: readonly [number, Uint8Array][]): Uint8Array {
  const size = opts.reduce((s, [, v]) => s + 4 + pad4(v.byteLength), 0) + 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [code, value] of opts) {
    view.setUint16(at, code, true);
    view.setUint16(at + 2, value.byteLength, true);
    out.set(value, at + 4);
    at += 4 + pad4(value.byteLength);
  }
  view.setUint16(at, OPT_END, true);
  return out;
}

/** A block: type, total length, `body` (already padded to 4), total length again. */
function block(type: number, body: Uint8Array): Uint8Array {
  const total = 12 + body.byteLength;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, total, true);
  out.set(body, 8);
  view.setUint32(total - 4, total, true);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

/** Section Header Block: byte-order magic, version 1.0, section length unknown (-1), shb_userappl `natsim`. */
export function sectionHeaderBlock(): Uint8Array {
  const head = new Uint8Array(16);
  const view = new DataView(head.buffer);
  view.setUint32(0, 0x1a2b3c4d, true);
  view.setUint16(4, 1, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, 0xffffffff, true);
  view.setUint32(12, 0xffffffff, true);
  return block(BLOCK_SHB, concat([head, options([[SHB_USERAPPL, utf8('natsim')]])]));
}

/** Interface Description Block for LINKTYPE_RAW with if_name, if_description and if_tsresol = 6 (µs). */
export function interfaceBlock(iface: CaptureInterface): Uint8Array {
  const head = new Uint8Array(8);
  const view = new DataView(head.buffer);
  view.setUint16(0, LINKTYPE_RAW, true);
  view.setUint32(4, 0, true); // SnapLen 0: no limit
  const opts: [number, Uint8Array][] = [[IF_NAME, utf8(iface.name)]];
  if (iface.description) opts.push([IF_DESCRIPTION, utf8(iface.description)]);
  opts.push([IF_TSRESOL, Uint8Array.of(6)]);
  return block(BLOCK_IDB, concat([head, options(opts)]));
}

/** Enhanced Packet Block for one link event on interface `ifaceId`. */
export function packetBlock(ifaceId: number, ev: LinkEvent): Uint8Array {
  const v6 = ev.pkt.src >= IPV6_NUMBER_BASE || ev.pkt.dst >= IPV6_NUMBER_BASE;
  const data = v6 ? ipv6Bytes(ev.pkt) : ipv4Bytes(ev.pkt);
  const transport = ev.pkt.icmp || ev.pkt.frag ? 0 : ev.pkt.tcp ? tcpHeaderLength(ev.pkt.tcp) : UDP_HEADER_LEN;
  const original = (v6 ? IPV6_HEADER_LEN : IPV4_HEADER_LEN) + transport + ev.pkt.payload.byteLength;
  const body = new Uint8Array(20 + pad4(data.byteLength));
  const view = new DataView(body.buffer);
  view.setUint32(0, ifaceId, true);
  view.setUint32(4, Math.floor(ev.t / 0x100000000), true);
  view.setUint32(8, ev.t >>> 0, true);
  view.setUint32(12, data.byteLength, true);
  view.setUint32(16, original, true);
  body.set(data, 20);
  return block(BLOCK_EPB, body);
}

/**
 * Writes a pcapng capture as 'link' events arrive (other events are ignored), to a file or any ByteSink:
 * `const w = new PcapngWriter(path, { interfaces }); sim.trace.subscribe(w.listener); ...; w.close();`.
 */
export class PcapngWriter {
  private readonly sink: ByteSink;
  /** key: interface name `node/ifname`; value: interface id in this section. */
  private readonly ids = new Map<string, number>();
  private packets = 0;
  /** Pass to Trace.subscribe(). */
  readonly listener: TraceListener = (ev) => this.write(ev);

  /** @param target a file path (created or truncated) or any ByteSink */
  constructor(target: string | ByteSink, init: PcapngInit = {}) {
    this.sink = typeof target === 'string' ? new FileSink(target) : target;
    this.sink.write(sectionHeaderBlock());
    for (const i of init.interfaces ?? []) this.declare(i);
  }

  /** Records the event if it is a 'link' event. */
  write(ev: TraceEvent): void {
    if (ev.kind !== 'link') return;
    const id = this.ids.get(ev.iface) ?? this.declare({ name: ev.iface, description: `network ${ev.link}` });
    this.sink.write(packetBlock(id, ev));
    this.packets++;
  }

  /** Packets written so far. */
  get count(): number {
    return this.packets;
  }

  /** Flushes and closes. */
  close(): void {
    this.sink.close();
  }

  private declare(iface: CaptureInterface): number {
    const known = this.ids.get(iface.name);
    if (known !== undefined) return known;
    const id = this.ids.size;
    this.ids.set(iface.name, id);
    this.sink.write(interfaceBlock(iface));
    return id;
  }
}

/** The whole capture for a list of events, as bytes. Same bytes as a PcapngWriter fed the same events. */
export function pcapngFromEvents(events: readonly TraceEvent[], init: PcapngInit = {}): Uint8Array {
  const sink = new MemorySink();
  const w = new PcapngWriter(sink, init);
  for (const ev of events) w.write(ev);
  w.close();
  return sink.bytes();
}

/** The capture interfaces of a topology, in topology order: `node/ifname` with `network <name>, <ip>`. */
export function captureInterfaces(topology: TopologyInfo): CaptureInterface[] {
  return topology.nodes.flatMap((n) =>
    n.ifaces.map((i) => ({ name: `${n.name}/${i.name}`, description: `network ${i.network}, ${i.ip}` })));
}
