/**
 * A traffic source: `count` datagrams of `size` bytes, one every `every` ms, to one destination, from one socket
 * that stays open so replies are delivered (not port-unreachable). It makes NAT mappings appear, get refreshed and
 * expire, which is what the mapping lessons show. Reports 'done' after the last datagram.
 */
import type { Host } from '../../net/host';
import type { TimerHandle } from '../../sim/timers';
import type { UdpSocketLike } from '../../net/udp-socket.types';
import { BaseAgent } from './scenario-agent';

/** Options of a TrafficAgent. */
export interface TrafficAgentInit {
  /** Destination address. */
  toIp: string;
  /** Destination port. */
  toPort: number;
  /** Datagrams to send. @default 1 */
  count?: number;
  /** UDP payload bytes. @default 100 */
  size?: number;
  /** Milliseconds between datagrams (0 = all at once). @default 1000 */
  everyMs?: number;
  /** Local port; 0 = an ephemeral port. @default 0 */
  port?: number;
}

/** A payload of `size` bytes naming the sender and the datagram number, so reports can show it. */
export function trafficPayload(name: string, seq: number, size: number): Uint8Array {
  const text = `${name} #${seq} `;
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = text.charCodeAt(i % text.length);
  return out;
}

/** Sends datagrams on a schedule and keeps its socket open for replies. */
/** The traffic agent's own events: a socket error, and done after its last datagram. */
export const TRAFFIC_EVENTS = ['error', 'done'] as const;

export class TrafficAgent extends BaseAgent<(typeof TRAFFIC_EVENTS)[number]> {
  readonly type = 'traffic' as const;
  private readonly cfg: Required<TrafficAgentInit>;
  private socket: UdpSocketLike | undefined;
  private timer: TimerHandle | undefined;
  /** Datagrams sent / replies received in the current run. */
  sent = 0;
  received = 0;

  constructor(name: string, host: Host, init: TrafficAgentInit) {
    super(name, host);
    this.cfg = { count: 1, size: 100, everyMs: 1000, port: 0, ...init };
  }

  protected begin(): void {
    this.sent = 0;
    const s = (this.socket = this.env.createSocket(this.cfg.toIp.includes(':') ? 'udp6' : 'udp4'));
    s.on('error', (err) => this.emit('error', { message: err.message }));
    s.on('message', () => this.received++);
    s.bind(this.cfg.port, undefined, () => this.tick());
  }

  protected end(): void {
    this.env.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.socket?.close();
    this.socket = undefined;
  }

  private tick(): void {
    const s = this.socket;
    if (!s) return;
    const { count, everyMs } = this.cfg;
    // Datagrams due at once (every 0) go out together, in order.
    do {
      s.send(trafficPayload(this.name, this.sent + 1, this.cfg.size), this.cfg.toPort, this.cfg.toIp);
      this.sent++;
    } while (everyMs === 0 && this.sent < count);
    if (this.sent >= count) {
      this.emit('done', { sent: this.sent });
      return;
    }
    this.timer = this.env.timers.setTimeout(() => this.tick(), everyMs);
  }
}
