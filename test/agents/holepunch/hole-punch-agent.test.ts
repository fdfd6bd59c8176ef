import { expect } from 'chai';
import fc from 'fast-check';
import { HolePunchAgent, HolePunchConfigError, decodePunch, encodePunch, type HolePunchConnected, type HolePunchFailed, type HolePunchInit } from '../../../src/agents/holepunch';
import { SignalingChannel } from '../../../src/agents/signaling';
import { buildPairWorld, natStack, PAIR_WORLD, type PairWorld } from '../../../src/matrix';
import { TraceRecorder } from '../../../src/sim/trace';
import type { NatInit } from '../../../src/nat/nat-config';

interface Side {
  agent: HolePunchAgent;
  connected?: HolePunchConnected & { at: number };
  failed?: HolePunchFailed & { at: number };
}

/** alice and bob behind the given NATs, each with a hole-punch agent (not started). */
function punchPair(a: string | NatInit[], b: string | NatInit[], own: { alice?: Partial<HolePunchInit>; bob?: Partial<HolePunchInit> } = {}) {
  const stack = (k: string | NatInit[]) => (typeof k === 'string' ? natStack(k) : k);
  const pw: PairWorld = buildPairWorld({ alice: stack(a), bob: stack(b), turn: false, world: { seed: 7 } });
  const trace = new TraceRecorder(pw.world.sim.trace);
  const signaling = SignalingChannel.forWorld(pw.world, { delayMs: 50 });
  const mk = (side: 'alice' | 'bob', peer: string): Side => {
    const s = {} as Side;
    s.agent = new HolePunchAgent(pw[side].env(side), {
      name: side, peer, stunServer: PAIR_WORLD.stunServer, signaling: signaling.endpoint(side),
      onConnected: (e) => (s.connected = { ...e, at: pw.world.nowMs }),
      onFailed: (e) => (s.failed = { ...e, at: pw.world.nowMs }),
      ...own[side],
    });
    return s;
  };
  const alice = mk('alice', 'bob');
  const bob = mk('bob', 'alice');
  signaling.endpoint('alice');
  signaling.endpoint('bob');
  pw.world.runFor(1); // servers listening
  return { pw, trace, alice, bob };
}

/** Payloads of UDP packets sent by a node, as text. */
function sentPayloads(trace: TraceRecorder, node: string): string[] {
  return trace.ofKind('sent').filter((e) => e.node === node).map((e) => Buffer.from(e.pkt.payload).toString('latin1')).filter((t) => /^[A-Z]+ /.test(t));
}

describe('hole-punch agent', () => {
  it('punches through two port-restricted-cone NATs: early punches are filtered, then both sides get an ACK', () => {
    const { pw, trace, alice, bob } = punchPair('port-restricted-cone', 'port-restricted-cone');
    alice.agent.start();
    pw.world.runFor(500);
    bob.agent.start();
    pw.world.runFor(5_000);
    expect(alice.agent.state).to.equal('connected');
    expect(bob.agent.state).to.equal('connected');
    // Each side connects to the other's STUN-reported public address (endpoint-independent mapping).
    const pub = (side: 'alice' | 'bob') => trace.ofKind('agent').find((e) => e.agent === side && e.event === 'mapped')!.data!.address;
    expect(alice.connected!.peer).to.equal(pub('bob'));
    expect(bob.connected!.peer).to.equal(pub('alice'));
    expect([alice.connected!.learned, bob.connected!.learned]).to.deep.equal([false, false]);
    // Bob starts late but already has Alice's address (signalling held it), so he punches first: Alice's NAT drops
    // his first punch, because Alice has not sent anything to Bob's address yet (port-restricted filtering).
    const filtered = trace.ofKind('dropped').filter((d) => d.node === 'nat-alice' && d.reason === 'nat-filtered');
    expect(filtered.length).to.be.greaterThan(0);
    expect(Buffer.from(filtered[0].pkt.payload).toString()).to.equal('PUNCH bob alice 0');
    expect(trace.ofKind('dropped').filter((d) => d.node === 'nat-bob')).to.deep.equal([]);
    // Bytes on the wire: alice punched, bob answered her punch with an ACK carrying its sequence number.
    expect(sentPayloads(trace, 'alice')[0]).to.equal('PUNCH alice bob 0');
    const bobAck = sentPayloads(trace, 'bob').find((t) => t.startsWith('ACK '));
    expect(bobAck).to.match(/^ACK bob alice \d+$/);
    // Punching stops once connected: nothing more is sent after both connected.
    const last = Math.max(alice.connected!.at, bob.connected!.at);
    expect(trace.ofKind('sent').filter((e) => (e.node === 'alice' || e.node === 'bob') && e.t > (last + 1) * 1000)).to.deep.equal([]);
  });

  it('starts punching when the late peer\'s first punch arrives before its address does (full-cone side)', () => {
    // Bob starts late and already has Alice's address, so his punch (11 ms away) beats his address message (50 ms
    // of signalling) to Alice; her full-cone NAT lets it in while she is still waiting for his address.
    const { pw, trace, alice, bob } = punchPair('full-cone', 'port-restricted-cone');
    alice.agent.start();
    pw.world.runFor(500);
    bob.agent.start();
    pw.world.runFor(5_000);
    const firstPunchAt = trace.ofKind('agent').find((e) => e.agent === 'alice' && e.event === 'punch-received')!.t;
    const addressAt = trace.ofKind('agent').find((e) => e.agent === 'alice' && e.event === 'peer-address')?.t;
    expect(addressAt === undefined || firstPunchAt < addressAt, 'the punch came first').to.equal(true);
    expect([alice.agent.state, bob.agent.state]).to.deep.equal(['connected', 'connected']);
  });

  it('learns the peer-reflexive address when a symmetric NAT gives the peer a new port (restricted-cone vs symmetric)', () => {
    const { pw, trace, alice, bob } = punchPair('restricted-cone', 'symmetric');
    alice.agent.start();
    bob.agent.start();
    pw.world.runFor(5_000);
    expect([alice.agent.state, bob.agent.state]).to.deep.equal(['connected', 'connected']);
    const learned = trace.ofKind('agent').filter((e) => e.agent === 'alice' && e.event === 'peer-address-learned');
    expect(learned).to.have.length(1);
    const { announced, seen } = learned[0].data as { announced: string; seen: string };
    expect(seen.split(':')[0]).to.equal(announced.split(':')[0]);
    expect(seen).to.not.equal(announced);
    expect(alice.connected).to.include({ peer: seen, learned: true });
  });

  it('fails between port-restricted-cone and symmetric with no-answer, after its timeout', () => {
    const { pw, alice, bob } = punchPair('port-restricted-cone', 'symmetric', { alice: { timeoutMs: 3_000 }, bob: { timeoutMs: 3_000 } });
    alice.agent.start();
    bob.agent.start();
    pw.world.runFor(10_000);
    expect(alice.failed).to.include({ reason: 'no-answer', punchesReceived: 0, at: 3_001 });
    expect(alice.failed!.punchesSent).to.equal(30);
    expect(alice.failed!.detail).to.match(/^sent 30 punches to 203\.0\.113\.20:\d+; none of the peer's punches arrived$/);
    expect(bob.failed!.reason).to.equal('no-answer');
    expect([alice.connected, bob.connected]).to.deep.equal([undefined, undefined]);
  });

  it('appends what explainFailure saw to the failure detail', () => {
    const { pw, alice } = punchPair('open', 'symmetric', { alice: { timeoutMs: 200, explainFailure: () => 'the NAT said no' } });
    alice.agent.start();
    pw.world.runFor(1_000);
    expect(alice.failed!.reason).to.equal('no-peer-address');
    expect(alice.failed!.detail).to.equal('the peer\'s address did not arrive over signalling within 200 ms; the NAT said no');
  });

  it('reports stun-failed when the STUN server never answers', () => {
    const { pw, alice } = punchPair('full-cone', 'full-cone', { alice: { stunServer: { address: '203.0.113.99', port: 3478 }, timeoutMs: 60_000 } });
    alice.agent.start();
    pw.world.runFor(60_000);
    // RFC 8489 §6.2.1: the Binding transaction gives up at 39.5 s.
    expect(alice.failed).to.include({ reason: 'stun-failed', at: 39_501 });
    expect(alice.failed!.detail).to.equal('no answer from the STUN server 203.0.113.99:3478, so the public address is unknown');
  });

  it('keeps the path alive with keepalives past the NAT mapping timeout, and loses the mapping without them', () => {
    for (const keepaliveMs of [10_000, 0]) {
      const nat: NatInit[] = [{ preset: 'port-restricted-cone', mappingTimeout: 30_000 }];
      const { pw, trace, alice, bob } = punchPair(nat, nat, { alice: { keepaliveMs }, bob: { keepaliveMs } });
      alice.agent.start();
      bob.agent.start();
      pw.world.runFor(90_000);
      expect([alice.agent.state, bob.agent.state]).to.deep.equal(['connected', 'connected']);
      const keepalives = sentPayloads(trace, 'alice').filter((t) => t.startsWith('KEEPALIVE'));
      const expiredAlice = trace.ofKind('mapping-expired').filter((e) => e.node === 'nat-alice');
      if (keepaliveMs) {
        expect(keepalives.slice(0, 2)).to.deep.equal(['KEEPALIVE alice bob 0', 'KEEPALIVE alice bob 1']);
        expect(alice.agent.stats.keepalivesSent).to.equal(keepalives.length);
        expect(expiredAlice).to.deep.equal([]);
      } else {
        expect(keepalives).to.deep.equal([]);
        expect(expiredAlice.length).to.be.greaterThan(0);
      }
    }
  });

  it('closes its socket and stops punching on close()', () => {
    const { pw, trace, alice } = punchPair('full-cone', 'symmetric');
    alice.agent.start();
    pw.world.runFor(200); // bob never starts: alice waits, no punches
    alice.agent.close();
    const before = trace.ofKind('sent').filter((e) => e.node === 'alice').length;
    pw.world.runFor(20_000);
    expect(alice.agent.state).to.equal('closed');
    expect(trace.ofKind('sent').filter((e) => e.node === 'alice').length).to.equal(before);
  });

  const bad: [string, Partial<HolePunchInit>, RegExp][] = [
    ['a zero punch interval', { punchIntervalMs: 0 }, /punchIntervalMs: must be a positive number/],
    ['a negative timeout', { timeoutMs: -1 }, /timeoutMs: must be a positive number/],
    ['a NaN keepalive', { keepaliveMs: Number.NaN }, /keepaliveMs: must be 0 \(none\) or a positive/],
    ['itself as the peer', { peer: 'alice' }, /peer: must name another agent/],
    ['a name with a space', { name: 'al ice' }, /cannot contain spaces/],
  ];
  for (const [what, init, message] of bad) {
    it(`refuses ${what}`, () => {
      const pw = buildPairWorld({ alice: [], bob: [], turn: false });
      const sig = SignalingChannel.forWorld(pw.world);
      expect(() => new HolePunchAgent(pw.alice.env('x'), { name: 'alice', peer: 'bob', stunServer: PAIR_WORLD.stunServer, signaling: sig.endpoint('alice'), ...init }))
        .to.throw(HolePunchConfigError, message);
    });
  }
});

describe('hole-punch datagrams', () => {
  it('encode as readable ASCII and decode back', () => {
    expect(encodePunch({ kind: 'ACK', from: 'bob', to: 'alice', seq: 12 }).toString()).to.equal('ACK bob alice 12');
    fc.assert(fc.property(
      fc.constantFrom('PUNCH' as const, 'ACK' as const, 'KEEPALIVE' as const), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.nat(999_999_999),
      (kind, from, to, seq) => {
        expect(decodePunch(encodePunch({ kind, from, to, seq }))).to.deep.equal({ kind, from, to, seq });
      },
    ));
  });

  it('never throws on other bytes and rejects what is not a punch message', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const m = decodePunch(bytes);
      if (m) expect(['PUNCH', 'ACK', 'KEEPALIVE']).to.include(m.kind);
    }));
    for (const text of ['', 'PUNCH a b', 'PUNCH a b x', 'HELLO a b 1', 'PUNCH a b 1 extra', `PUNCH a b ${'9'.repeat(10)}`]) {
      expect(decodePunch(Buffer.from(text)), text).to.equal(undefined);
    }
  });
});
