/**
 * HostEnv on the real machine: real UDP sockets (node:dgram), the wall clock and crypto randomness. The same STUN
 * and TURN servers, clients and discovery client that run on simulated hosts run on it unchanged; only this layer
 * differs (DESIGN.md: the real-network adapter sits beside layer 1).
 */
import os = require('os');
import type { HostEnv } from '../net/host-env';
import type { UdpSocketType } from '../net/udp-socket.types';
import type { RandomSource } from '../sim/rng';
import type { Timers } from '../sim/timers';
import { CryptoRandom } from './crypto-random';
import { RealUdpSocket } from './real-udp-socket';
import { connectRealTcp, connectRealTls, createRealTcpServer } from './real-tcp';
import type { TlsConnectOptions } from '../net/host-env';
import type { TcpConnectOptions, TcpServerLike, TcpSocketLike } from '../net/tcp-socket.types';
import { WallClockTimers } from './wall-clock-timers';

/** Receives what agents report with env.emit (the simulator puts it in the trace). */
export type AgentEventSink = (agent: string, event: string, data?: Record<string, unknown>) => void;

/** Receive buffer `natsim serve` asks for on its sockets, bytes: a flood waits in the kernel instead of overflowing. */
export const DEFAULT_SERVER_RECV_BUFFER = 4 * 1024 * 1024;

/** Options for a RealHostEnv. */
export interface RealHostEnvInit {
  /** Name in logs. @default os.hostname() */
  name?: string;
  /**
   * What localAddresses() reports (servers check their listen addresses against it; discovery compares its mapped
   * address with it to tell whether a NAT is present).
   * @default every IPv4 address of os.networkInterfaces(), external ones first
   */
  addresses?: readonly string[];
  /** Agent events. @default ignored */
  onEvent?: AgentEventSink;
  /** Sockets do not keep the process alive (for one-shot clients). @default false */
  unrefSockets?: boolean;
  /** Receive buffer (SO_RCVBUF) to ask for on every socket, bytes; the kernel caps it. @default the system's */
  recvBufferBytes?: number;
}

/** The machine's IPv4 addresses, external interfaces first, then loopback. */
export function machineIpv4Addresses(): string[] {
  const all = Object.values(os.networkInterfaces()).flatMap((list) => list ?? []).filter((i) => i.family === 'IPv4');
  return [...all.filter((i) => !i.internal), ...all.filter((i) => i.internal)].map((i) => i.address);
}

/** The machine's IPv6 addresses, external interfaces first, then loopback (::1). */
export function machineIpv6Addresses(): string[] {
  const all = Object.values(os.networkInterfaces()).flatMap((list) => list ?? []).filter((i) => i.family === 'IPv6');
  return [...all.filter((i) => !i.internal), ...all.filter((i) => i.internal)].map((i) => i.address);
}

/** True when this machine has IPv6 loopback (::1) configured (real-network tests over [::1] skip without it). */
export function hasIpv6Loopback(): boolean {
  return machineIpv6Addresses().includes('::1');
}

/** A program's view of the real host. */
export class RealHostEnv implements HostEnv {
  readonly name: string;
  readonly timers: Timers = new WallClockTimers();
  readonly random: RandomSource = new CryptoRandom();
  private readonly addresses: readonly string[];
  private readonly sink: AgentEventSink;
  /** Sockets created and not yet closed. */
  private readonly open = new Set<RealUdpSocket>();

  constructor(private readonly init: RealHostEnvInit = {}) {
    this.name = init.name ?? os.hostname();
    this.addresses = init.addresses ? [...init.addresses] : machineIpv4Addresses();
    this.sink = init.onEvent ?? (() => undefined);
  }

  createSocket(type: UdpSocketType = 'udp4'): RealUdpSocket {
    const s = new RealUdpSocket((err) => this.sink('udp', 'socket-error', { message: err.message }), this.init.recvBufferBytes, type);
    this.open.add(s);
    s.on('close', () => this.open.delete(s));
    if (this.init.unrefSockets) s.unref();
    return s;
  }

  /** A node:net listener (src/real/real-tcp.ts). */
  createTcpServer(): TcpServerLike {
    return createRealTcpServer();
  }

  /** A node:net connection (src/real/real-tcp.ts). */
  connectTcp(options: TcpConnectOptions): TcpSocketLike {
    return connectRealTcp(options);
  }

  /** A node:tls connection (real TLS; src/real/real-tcp.ts). */
  connectTls(options: TlsConnectOptions): TcpSocketLike {
    return connectRealTls(options);
  }

  localAddresses(): string[] {
    return [...this.addresses];
  }

  emit(agent: string, event: string, data?: Record<string, unknown>): void {
    this.sink(agent, event, data);
  }

  /** Closes every socket this env created that is still open. */
  closeAll(): void {
    for (const s of [...this.open]) {
      try {
        s.close();
      } catch {
        // already closing
      }
    }
  }
}
