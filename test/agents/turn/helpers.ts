/** Worlds and a raw STUN/TURN client for the TURN agent tests. */
import { World } from '../../../src/net/world';
import type { Host } from '../../../src/net/host';
import type { SimUdpSocket } from '../../../src/net/sim-udp-socket';
import { addNat } from '../../../src/nat/add-nat';
import {
  decode,
  encode,
  longTermKey,
  newTransactionId,
  sameTransactionId,
  StunMessage,
  type DecodedStunMessage,
} from '../../../src/protocols/stun';
import { Rng } from '../../../src/sim/rng';
import { TurnServer } from '../../../src/agents/turn/turn-server';
import type { TurnServerInit } from '../../../src/agents/turn/server-config';

/** The TURN server's address in every test world. */
export const SERVER_IP = '203.0.113.1';
/** A public peer (no NAT). */
export const PEER_IP = '203.0.113.50';
/** NAT outside addresses. */
export const NAT_A_IP = '203.0.113.10';
export const NAT_B_IP = '203.0.113.20';

/**
 * internet 203.0.0.0/8 (10 ms): host `turn` 203.0.113.1, host `peer` 203.0.113.50;
 * lanA 192.168.1.0/24 behind symmetric NAT `natA` (203.0.113.10) with host `alice` 192.168.1.10;
 * lanB 192.168.2.0/24 behind symmetric NAT `natB` (203.0.113.20) with host `bob` 192.168.2.10.
 * NAT mappings last 10 minutes so the tests' idle gaps do not need keepalives.
 */
export function turnWorld(seed = 1): World {
  const w = new World({ seed });
  w.network('internet', '203.0.0.0/8', { latency: 10 });
  w.network('lanA', '192.168.1.0/24', { latency: 1 });
  w.network('lanB', '192.168.2.0/24', { latency: 1 });
  const settings = { preset: 'symmetric' as const, mappingTimeout: 600_000 };
  addNat(w, 'natA', { settings, outside: { network: 'internet', ip: NAT_A_IP }, inside: [{ network: 'lanA', ip: '192.168.1.1' }] });
  addNat(w, 'natB', { settings, outside: { network: 'internet', ip: NAT_B_IP }, inside: [{ network: 'lanB', ip: '192.168.2.1' }] });
  w.host('turn', { ifaces: [{ network: 'internet', ip: SERVER_IP }] });
  w.host('peer', { ifaces: [{ network: 'internet', ip: PEER_IP }] });
  w.host('alice', { ifaces: [{ network: 'lanA', ip: '192.168.1.10' }], gateway: '192.168.1.1' });
  w.host('bob', { ifaces: [{ network: 'lanB', ip: '192.168.2.10' }], gateway: '192.168.2.1' });
  return w;
}

/** Default server options: realm sim.test, users alice/secret and bob/hunter2. */
export const SERVER_INIT: TurnServerInit = { realm: 'sim.test', users: { alice: 'secret', bob: 'hunter2' } };

/** Starts a TURN server on host `turn`. */
export function startServer(w: World, init: TurnServerInit = {}): TurnServer {
  const server = new TurnServer(w.getHost('turn').env('turn-server'), { ...SERVER_INIT, ...init });
  server.start();
  w.runFor(1);
  return server;
}

/** A datagram a RawClient received. */
export interface Received {
  bytes: Uint8Array;
  from: string;
  at: number;
}

/** Credentials a RawClient signs with. */
export interface RawAuth {
  username: string;
  password: string;
  realm?: string;
  nonce: string;
}

/** A hand-driven STUN/TURN client on one socket: crafts requests, records everything it receives. */
export class RawClient {
  readonly sock: SimUdpSocket;
  readonly got: Received[] = [];
  private readonly rng: Rng;

  constructor(
    readonly world: World,
    host: Host,
    port = 0,
    readonly server = { address: SERVER_IP, port: 3478 },
  ) {
    this.rng = new Rng(`raw:${host.name}:${port}`);
    this.sock = host.createSocket();
    this.sock.bind(port);
    this.sock.on('message', (m, r) => this.got.push({ bytes: new Uint8Array(m), from: `${r.address}:${r.port}`, at: world.nowMs }));
  }

  /** A new request builder with a fresh transaction id. */
  request(method: number): StunMessage {
    return StunMessage.request(method, newTransactionId(this.rng));
  }

  /** Sends raw bytes to the server (or `to`). */
  sendRaw(bytes: Uint8Array, to = this.server): void {
    this.sock.send(bytes, to.port, to.address);
  }

  /** Sends `msg` (signed with `auth`'s long-term key, adding USERNAME/REALM/NONCE), runs 100 ms, returns the answer. */
  call(msg: StunMessage, auth?: RawAuth): DecodedStunMessage {
    if (auth) {
      msg.add('USERNAME', auth.username).add('REALM', auth.realm ?? 'sim.test').add('NONCE', auth.nonce);
    }
    const key = auth ? longTermKey(auth.username, auth.realm ?? 'sim.test', auth.password) : undefined;
    this.sendRaw(encode(msg, { integrity: key ? { key } : undefined, fingerprint: true }));
    this.world.runFor(100);
    const answer = this.responses().find((r) => sameTransactionId(r.transactionId, msg.transactionId));
    if (!answer) throw new Error(`no answer to ${msg.method}`);
    return answer;
  }

  /** Every STUN message received so far, decoded. */
  responses(): DecodedStunMessage[] {
    const out: DecodedStunMessage[] = [];
    for (const g of this.got) {
      const r = decode(g.bytes);
      if (r.ok) out.push(r.message);
    }
    return out;
  }

  /** The NONCE of a 401 to an unauthenticated request of `method` (RFC 8489 §9.2.4). */
  nonce(method = 0x003): string {
    const r = this.call(this.request(method));
    const n = r.get('NONCE');
    if (n === undefined) throw new Error('no NONCE in the challenge');
    return n;
  }
}

/** The ERROR-CODE number of a response, or undefined for a success. */
export function codeOf(m: DecodedStunMessage): number | undefined {
  return m.get('ERROR-CODE')?.code;
}

import { TurnClient } from '../../../src/agents/turn/turn-client';
import type { TurnClientInit } from '../../../src/agents/turn/client-config';
import type { TransportAddress } from '../../../src/protocols/turn';

/** A delivered relayed datagram. */
export interface Delivery {
  peer: string;
  data: string;
  via: string;
  at: number;
}

/** A TurnClient on host `hostName` for `username` (password from SERVER_INIT), recording deliveries. */
export function client(
  w: World,
  hostName: string,
  username = hostName,
  init: Partial<TurnClientInit> = {},
): { c: TurnClient; got: Delivery[] } {
  const password = SERVER_INIT.users![username] ?? 'unknown';
  const c = new TurnClient(w.getHost(hostName).env(`turn-client:${username}`), {
    server: { address: SERVER_IP },
    username,
    password,
    ...init,
  });
  const got: Delivery[] = [];
  c.on('data', (peer: TransportAddress, data: Uint8Array, via: string) =>
    got.push({ peer: `${peer.address}:${peer.port}`, data: Buffer.from(data).toString(), via, at: w.nowMs }),
  );
  return { c, got };
}

/** Allocates and runs until done; returns the allocation (throws on error). */
export function allocated(w: World, c: TurnClient): { relayed: TransportAddress; mapped: TransportAddress } {
  let result: { relayed: TransportAddress; mapped: TransportAddress } | undefined;
  let error: Error | null = null;
  c.allocate((err, a) => {
    error = err;
    result = a;
  });
  w.runUntil(() => result !== undefined || error !== null, 120_000);
  if (error) throw error;
  if (!result) throw new Error('allocate did not finish');
  return result;
}

/** Runs a client call that takes a callback(err, ...) to completion; returns its error (null on success). */
export function complete(w: World, start: (cb: (err: Error | null) => void) => void): Error | null {
  let done = false;
  let error: Error | null = null;
  start((err) => {
    error = err;
    done = true;
  });
  w.runUntil(() => done, 60_000);
  if (!done) throw new Error('call did not finish');
  return error;
}
