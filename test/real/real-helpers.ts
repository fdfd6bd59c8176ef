/** Small promise wrappers over natsim's callback-driven agents, for tests on real sockets (loopback only). */
import dgram = require('dgram');
import { TurnClient } from '../../src/agents/turn/turn-client';
import type { TurnClientInit } from '../../src/agents/turn/client-config';
import type { TransportAddress } from '../../src/protocols/turn';
import { RealHostEnv } from '../../src/real';

/** Resolves with `fn`'s callback result, or rejects after `ms`. */
export function within<T>(ms: number, what: string, fn: (done: (err: Error | null, v?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    fn((err, v) => {
      clearTimeout(t);
      if (err) reject(err);
      else resolve(v as T);
    });
  });
}

/** A real UDP echo peer on `address:port` that answers every datagram with 'echo:' + payload. */
export async function echoPeer(address: string, port: number): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  s.on('message', (m, r) => s.send(Buffer.concat([Buffer.from('echo:'), m]), r.port, r.address));
  await new Promise<void>((resolve) => s.bind(port, address, resolve));
  return s;
}

/** A TURN client on a real host env, allocated; close it with client.close(). */
export async function allocatedClient(init: TurnClientInit): Promise<{ client: TurnClient; env: RealHostEnv }> {
  const env = new RealHostEnv({ name: 'client', addresses: ['127.0.0.1'] });
  const client = new TurnClient(env, { localAddress: '127.0.0.1', ...init });
  try {
    await within(5000, 'allocate', (done) => client.allocate((err) => done(err)));
  } catch (err) {
    await closeClient(client).catch(() => undefined); // a refused allocation must not leave its socket open
    throw err;
  }
  return { client, env };
}

/** Sends `text` through the relay to `peer` and resolves with the first datagram relayed back. */
export function roundTrip(client: TurnClient, peer: TransportAddress, text: string): Promise<{ data: string; via: string; from: string }> {
  return within(3000, `relay round trip of '${text}'`, (done) => {
    const onData = (p: TransportAddress, data: Uint8Array, via: string): void => {
      client.off('data', onData);
      done(null, { data: Buffer.from(data).toString(), via, from: `${p.address}:${p.port}` });
    };
    client.on('data', onData);
    client.send(peer, Buffer.from(text));
  });
}

/** Closes a client and waits for it. */
export function closeClient(client: TurnClient): Promise<void> {
  return within(3000, 'close', (done) => client.close(() => done(null)));
}
