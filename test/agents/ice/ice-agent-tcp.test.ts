/**
 * ICE-TCP in the agent (RFC 6544) over the simulated TCP stack: passive and active TCP host candidates, checks and
 * data framed per RFC 4571 on the connections, and the selected pair reported as TCP. The peers exchange only TCP
 * candidates here (as with a media server that offers ICE-TCP alone), so the TCP pairs must do the work.
 */
import { expect } from 'chai';
import { IceAgent, type IceAgentInit } from '../../../src/agents/ice';
import type { SignalingMessage } from '../../../src/agents/signaling';
import { parseCandidate } from '../../../src/protocols/ice';
import { TraceRecorder } from '../../../src/sim/trace';
import { lanWorld } from './helpers';

interface Side {
  agent: IceAgent;
  connected: Record<string, unknown>[];
  received: string[];
  lines: string[];
}

/** Two agents on a LAN whose signaling passes candidate lines through `keep`. */
function tcpPair(keep: (line: string) => boolean, extra: IceAgentInit = {}) {
  const world = lanWorld(7);
  const trace = new TraceRecorder(world.sim.trace);
  const sides: Record<'alice' | 'bob', Side> = {} as Record<'alice' | 'bob', Side>;
  const make = (name: 'alice' | 'bob', peer: 'alice' | 'bob', role: 'controlling' | 'controlled'): Side => {
    const side: Side = { agent: undefined as unknown as IceAgent, connected: [], received: [], lines: [] };
    side.agent = new IceAgent(world.getHost(name).env('ice'), {
      name: 'ice',
      role,
      tcpCandidates: true,
      ...extra,
      callbacks: {
        onConnected: (e) => side.connected.push({ ...e }),
        onData: (bytes) => side.received.push(Buffer.from(bytes).toString()),
        onSignal: (m: SignalingMessage) => {
          if (m.kind === 'candidate') {
            side.lines.push(m.candidate);
            if (!keep(m.candidate)) return;
          }
          world.sim.scheduler.schedule(world.sim.now + 20, () => sides[peer].agent.receiveSignal(m));
        },
      },
    });
    return side;
  };
  sides.alice = make('alice', 'bob', 'controlling');
  sides.bob = make('bob', 'alice', 'controlled');
  return { world, trace, ...sides };
}

const tcpOnly = (line: string) => / tcp /i.test(line);

describe('ice agent over TCP candidates (RFC 6544)', () => {
  it('gathers passive, active and simultaneous-open TCP host candidates with tcptype lines, the active one on port 9', () => {
    const p = tcpPair(() => true);
    p.alice.agent.start();
    p.world.runFor(100);
    const tcp = p.alice.lines.map((l) => parseCandidate(l)).filter((r) => r.ok && r.value.candidate.transport === 'tcp');
    const cands = tcp.map((r) => (r.ok ? r.value.candidate : undefined)!);
    expect(cands.map((c) => c.tcpType).sort()).to.deep.equal(['active', 'passive', 'so']);
    expect(cands.find((c) => c.tcpType === 'so')?.port).to.be.greaterThan(9);
    expect(cands.find((c) => c.tcpType === 'active')?.port).to.equal(9);
    expect(cands.find((c) => c.tcpType === 'passive')?.port).to.be.greaterThan(0).and.not.equal(9);
    expect(p.alice.lines.some((l) => / udp /.test(l))).to.equal(true);
  });

  it('connects over a TCP pair when only TCP candidates are exchanged, and carries data both ways', () => {
    const p = tcpPair(tcpOnly);
    p.alice.agent.start();
    p.bob.agent.start();
    const ok = p.world.runUntil(() => p.alice.agent.state === 'connected' && p.bob.agent.state === 'connected', 30_000);
    expect(ok, `alice ${p.alice.agent.state}, bob ${p.bob.agent.state}`).to.equal(true);
    for (const side of [p.alice, p.bob]) {
      expect(side.connected[0]).to.deep.include({ transport: 'tcp', viaRelay: false });
      expect(String(side.connected[0].localCandidate)).to.match(/ tcp .* tcptype (active|passive|so)$/);
    }
    expect(p.alice.agent.send(new TextEncoder().encode('hello over tcp'))).to.equal(true);
    expect(p.bob.agent.send(new TextEncoder().encode('and back'))).to.equal(true);
    p.world.runFor(200);
    expect(p.bob.received).to.deep.equal(['hello over tcp']);
    expect(p.alice.received).to.deep.equal(['and back']);
    // The TCP connection is real: a SYN from alice's active side to bob's passive port, seen in the trace.
    const events = p.trace.events.filter((e) => e.kind === 'agent' && (e as { event: string }).event === 'tcp-accepted');
    expect(events.length).to.be.greaterThan(0);
    // Consent freshness (RFC 7675) runs over the connection too: 40 s later the pair is still in use.
    p.world.runFor(40_000);
    expect([p.alice.agent.state, p.bob.agent.state]).to.deep.equal(['connected', 'connected']);
  });

  it('connects on a simultaneous-open pair when only so candidates are exchanged (RFC 6544 §4.1, RFC 9293 §3.5)', () => {
    const p = tcpPair((line) => / tcp .* tcptype so$/i.test(line));
    p.alice.agent.start();
    p.bob.agent.start();
    const ok = p.world.runUntil(() => p.alice.agent.state === 'connected' && p.bob.agent.state === 'connected', 30_000);
    expect(ok, `alice ${p.alice.agent.state}, bob ${p.bob.agent.state}`).to.equal(true);
    for (const side of [p.alice, p.bob]) {
      expect(side.connected[0]).to.deep.include({ transport: 'tcp', viaRelay: false });
      expect(String(side.connected[0].localCandidate)).to.match(/ tcptype so$/);
      expect(String(side.connected[0].remoteCandidate)).to.match(/ tcptype so$/);
    }
    // Both ends connect()ed from their so port: each sent a SYN from the port its candidate names.
    const soPort = (lines: string[]) => Number(lines.find((l) => / tcptype so$/.test(l))!.split(' ')[5]);
    const syns = p.trace.ofKind('sent').filter((e) => e.pkt.tcp && (e.pkt.tcp.flags & 0x12) === 0x02);
    expect(syns.some((e) => e.node === 'alice' && e.pkt.srcPort === soPort(p.alice.lines))).to.equal(true);
    expect(syns.some((e) => e.node === 'bob' && e.pkt.srcPort === soPort(p.bob.lines))).to.equal(true);
  });

  it('prefers a UDP pair when UDP candidates are exchanged too (higher local preference)', () => {
    const p = tcpPair(() => true);
    p.alice.agent.start();
    p.bob.agent.start();
    p.world.runUntil(() => p.alice.agent.state === 'connected' && p.bob.agent.state === 'connected', 30_000);
    expect(p.alice.connected[0].transport).to.equal(undefined);
    expect(String(p.alice.connected[0].localCandidate)).to.match(/ udp /);
  });

  it('is deterministic: the same seed gives the same trace', () => {
    const run = () => {
      const p = tcpPair(tcpOnly);
      p.alice.agent.start();
      p.bob.agent.start();
      p.world.runFor(5_000);
      return JSON.stringify(p.trace.events.filter((e) => e.kind === 'agent'));
    };
    expect(run()).to.equal(run());
  });
});
