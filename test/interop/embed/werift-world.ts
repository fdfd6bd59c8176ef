/** A two-NAT world and helpers to run two unmodified werift-ice agents in it. */
import { World } from '../../../src/net/world';
import { addNat } from '../../../src/nat/add-nat';
import type { NatNode } from '../../../src/nat/nat-node';
import type { NatPresetName } from '../../../src/nat/nat-presets';
import type { EmbeddedRun } from '../../../src/embed';
import { Candidate, Connection, IceOptions } from 'werift-ice';

/** STUN server address on the simulated internet. */
export const STUN = '203.0.113.1';
/** TURN server address on the simulated internet. */
export const TURN = '203.0.113.2';

/**
 * alice 10.0.1.10 behind NAT `nat-a` (198.51.100.1), bob 10.0.2.10 behind `nat-b` (198.51.100.2), a STUN host and a
 * TURN host on the internet (20 ms one way between the internet and each NAT's outside, 1 ms on each LAN).
 */
export function iceWorld(presetA: NatPresetName, presetB: NatPresetName, seed = 11): World {
  const w = new World({ seed });
  w.network('internet', '0.0.0.0/0', { latency: 10 });
  w.network('lan-a', '10.0.1.0/24', { latency: 1 });
  w.network('lan-b', '10.0.2.0/24', { latency: 1 });
  addNat(w, 'nat-a', { settings: { preset: presetA }, outside: { network: 'internet', ip: '198.51.100.1' }, inside: [{ network: 'lan-a', ip: '10.0.1.1' }] });
  addNat(w, 'nat-b', { settings: { preset: presetB }, outside: { network: 'internet', ip: '198.51.100.2' }, inside: [{ network: 'lan-b', ip: '10.0.2.1' }] });
  w.host('alice', { ifaces: [{ network: 'lan-a', ip: '10.0.1.10' }], gateway: '10.0.1.1' });
  w.host('bob', { ifaces: [{ network: 'lan-b', ip: '10.0.2.10' }], gateway: '10.0.2.1' });
  w.host('stun', { ifaces: [{ network: 'internet', ip: STUN }] });
  w.host('turn', { ifaces: [{ network: 'internet', ip: TURN }] });
  return w;
}

/** The NAT node called `name`. */
export function nat(w: World, name: string): NatNode {
  return w.node(name) as NatNode;
}

/** Two connected agents and what the controlled one received. */
export interface IcePair {
  alice: Connection;
  bob: Connection;
  received: string[];
}

/** Creates both agents on their hosts, gathers, trades candidates (ideal signalling) and connects. */
export async function connectPair(run: EmbeddedRun, options: Partial<IceOptions>, timeoutMs = 30_000): Promise<IcePair> {
  const alice = run.onHost('alice', () => new Connection(true, options));
  const bob = run.onHost('bob', () => new Connection(false, options));
  await run.drive(Promise.all([run.onHost('alice', () => alice.gatherCandidates()), run.onHost('bob', () => bob.gatherCandidates())]), { timeoutMs });
  const trade = async (from: Connection, to: Connection): Promise<void> => {
    to.setRemoteParams({ iceLite: false, usernameFragment: from.localUsername, password: from.localPassword });
    for (const c of from.localCandidates) await to.addRemoteCandidate(Candidate.fromSdp(c.toSdp()));
    await to.addRemoteCandidate(undefined);
  };
  await run.drive(Promise.all([trade(alice, bob), trade(bob, alice)]), { timeoutMs });
  const received: string[] = [];
  bob.onData.subscribe((d: Buffer) => received.push(d.toString()));
  await run.drive(Promise.all([run.onHost('alice', () => alice.connect()), run.onHost('bob', () => bob.connect())]), { timeoutMs });
  return { alice, bob, received };
}

/** Candidate types of the nominated pair as [local, remote]. */
export function selectedTypes(c: Connection): [string, string] {
  const pair = c.nominated;
  if (!pair) throw new Error('no nominated pair');
  return [pair.localCandidate.type, pair.remoteCandidate.type];
}
