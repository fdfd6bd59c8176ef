import { expect } from 'chai';
import { TcpHolePunchAgent, type HolePunchConnected, type HolePunchFailed } from '../../../src/agents/holepunch';
import { SignalingChannel } from '../../../src/agents/signaling';
import { buildPairWorld, natStack, PAIR_WORLD } from '../../../src/matrix';
import { TraceRecorder } from '../../../src/sim/trace';

interface Side {
  agent: TcpHolePunchAgent;
  connected?: HolePunchConnected;
  failed?: HolePunchFailed;
}

/** alice and bob behind the given NAT kinds, each with a TCP hole-punch agent (not started). */
function tcpPunchPair(a: string, b: string) {
  const pw = buildPairWorld({ alice: natStack(a), bob: natStack(b), turn: false, world: { seed: 7 } });
  const trace = new TraceRecorder(pw.world.sim.trace);
  const signaling = SignalingChannel.forWorld(pw.world, { delayMs: 50 });
  const mk = (side: 'alice' | 'bob', peer: string): Side => {
    const s = {} as Side;
    s.agent = new TcpHolePunchAgent(pw[side].env(side), {
      name: side, peer, stunServer: PAIR_WORLD.stunServer, signaling: signaling.endpoint(side), timeoutMs: 20_000,
      onConnected: (e) => (s.connected = e),
      onFailed: (e) => (s.failed = e),
    });
    return s;
  };
  const alice = mk('alice', 'bob');
  const bob = mk('bob', 'alice');
  pw.world.runFor(1);
  return { pw, trace, alice, bob };
}

const SYN = 0x02, ACK = 0x10;

describe('TCP hole-punch agent (Ford, Srisuresh and Kegel 2005; RFC 5382 REQ-2)', () => {
  it('connects two hosts behind endpoint-independent NATs by simultaneous open: the SYNs cross, no SYN-ACK from a listener', () => {
    const { pw, trace, alice, bob } = tcpPunchPair('port-restricted-cone', 'port-restricted-cone');
    alice.agent.start();
    bob.agent.start();
    pw.world.runFor(15_000);
    expect(alice.agent.state, alice.failed?.detail).to.equal('connected');
    expect(bob.agent.state, bob.failed?.detail).to.equal('connected');
    const mapped = (who: string) => trace.ofKind('agent').find((e) => e.agent === who && e.event === 'mapped')!.data!.address;
    // Each side is connected to the address the other learned from STUN over TCP: the NATs kept the mapping (EIM).
    expect(alice.connected!.peer).to.equal(mapped('bob'));
    expect(bob.connected!.peer).to.equal(mapped('alice'));
    // The hellos went through the punched connection, as TCP data.
    const hellos = trace.ofKind('delivered').filter((e) => e.pkt.tcp && Buffer.from(e.pkt.payload).toString('latin1').startsWith('HELLO '));
    expect(hellos.map((e) => e.node).sort()).to.deep.equal(['alice', 'bob']);
    // Simultaneous open (RFC 9293 §3.5): each host received a bare SYN from the peer's public address while its own SYN
    // was out, and answered it with SYN-ACK.
    const synsIn = trace.ofKind('delivered').filter((e) => e.pkt.tcp && (e.pkt.tcp.flags & (SYN | ACK)) === SYN && e.pkt.srcPort !== PAIR_WORLD.stunServer.port);
    expect(synsIn.map((e) => e.node).sort()).to.include.members(['alice', 'bob']);
  });

  it('fails between two symmetric NATs: each SYN goes to a port the other NAT never mapped for it', () => {
    const { pw, trace, alice, bob } = tcpPunchPair('symmetric', 'symmetric');
    alice.agent.start();
    bob.agent.start();
    pw.world.runFor(25_000);
    expect(alice.agent.state).to.equal('failed');
    expect(bob.agent.state).to.equal('failed');
    expect(alice.failed!.reason).to.equal('no-answer');
    const natDrops = trace.ofKind('dropped').filter((e) => e.pkt.tcp && e.node.startsWith('nat-'));
    expect(natDrops.length).to.be.greaterThan(0);
  });

  it('refuses to start on a host without TCP, naming the option', () => {
    const pw = buildPairWorld({ alice: natStack('full-cone'), bob: natStack('full-cone'), turn: false, world: { seed: 7 } });
    const env = { ...pw.alice.env('alice'), createTcpServer: undefined, connectTcp: undefined };
    const signaling = SignalingChannel.forWorld(pw.world, { delayMs: 50 });
    expect(() => new TcpHolePunchAgent(env, { name: 'a', peer: 'b', stunServer: PAIR_WORLD.stunServer, signaling: signaling.endpoint('a') }))
      .to.throw(/transport.*no TCP/);
  });
});
