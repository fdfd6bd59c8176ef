/**
 * Two IceSessions driven the way an agent drives them, over a tiny fake network with 10 ms latency and an optional
 * NAT in front of agent A (endpoint-independent or address-and-port-dependent mapping, port-restricted filtering).
 * Candidates travel through formatCandidate/parseCandidate like SDP would.
 */
import { expect } from 'chai';
import {
  createCandidate,
  formatCandidate,
  IceSession,
  parseCandidate,
  transportKey,
  type Candidate,
  type Checklist,
  type IceRole,
  type PlannedCheck,
  type TransportAddress,
} from '../../../src/protocols/ice';
import { at, host } from './fixtures';

class FakeNat {
  private nextPort = 40000;
  private readonly mappings = new Map<string, number>(); // key: "internal" or "internal|destination" (APDM)
  private readonly internals = new Map<number, TransportAddress>(); // key: public port
  private readonly permissions = new Set<string>(); // key: "publicPort|remote" (address-and-port-dependent filtering)
  constructor(
    readonly publicIp: string,
    private readonly symmetric: boolean,
  ) {}

  outbound(src: TransportAddress, dst: TransportAddress): TransportAddress {
    const k = this.symmetric ? `${transportKey(src)}|${transportKey(dst)}` : transportKey(src);
    let port = this.mappings.get(k);
    if (port === undefined) {
      port = this.nextPort++;
      this.mappings.set(k, port);
      this.internals.set(port, src);
    }
    this.permissions.add(`${port}|${transportKey(dst)}`);
    return at(this.publicIp, port);
  }

  inbound(dst: TransportAddress, src: TransportAddress): TransportAddress | undefined {
    if (!this.permissions.has(`${dst.port}|${transportKey(src)}`)) return undefined;
    return this.internals.get(dst.port);
  }
}

interface Agent {
  readonly name: string;
  readonly session: IceSession;
  readonly list: Checklist;
  readonly nat?: FakeNat;
  readonly hosts: readonly Candidate[];
}

interface Hop {
  readonly to: Agent;
  /** Source as the receiver sees it. */
  readonly src: TransportAddress;
  /** Local address it arrives on. */
  readonly dst: TransportAddress;
}

/** Where a packet from `from` (src -> dst) ends up, if anywhere. */
function route(agents: readonly Agent[], from: Agent, src: TransportAddress, dst: TransportAddress): Hop | undefined {
  const wireSrc = from.nat ? from.nat.outbound(src, dst) : src;
  for (const to of agents) {
    if (to === from) continue;
    if (to.nat?.publicIp === dst.address) {
      const inside = to.nat.inbound(dst, wireSrc);
      return inside && { to, src: wireSrc, dst: inside };
    }
    if (!to.nat && to.hosts.some((h) => h.address === dst.address && h.port === dst.port)) return { to, src: wireSrc, dst };
  }
  return undefined;
}

class EventQueue {
  private readonly items: Array<{ at: number; seq: number; fn: () => void }> = [];
  private seq = 0;
  push(when: number, fn: () => void): void {
    this.items.push({ at: when, seq: this.seq++, fn });
    this.items.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }
  runUntil(t: number): void {
    while (this.items.length > 0 && this.items[0].at <= t) (this.items.shift() as { fn: () => void }).fn();
  }
}

function viaSdp(c: Candidate): Candidate {
  const r = parseCandidate(formatCandidate(c, { attributeLine: true, extensions: [{ name: 'generation', value: '0' }] }));
  if (!r.ok) throw r.error;
  return r.value.candidate;
}

/** Runs ICE between A (optionally NATed) and public B; returns both agents and the effect kinds seen. */
function run(opts: { nat?: 'eim' | 'apdm'; roles?: [IceRole, IceRole] }) {
  const log: string[] = [];
  const roles = opts.roles ?? ['controlling', 'controlled'];
  const mk = (name: string, role: IceRole, tie: bigint, hosts: Candidate[], nat?: FakeNat): Agent => {
    const session = new IceSession(role, tie);
    return { name, session, list: session.addStream(), nat, hosts };
  };
  const natA = opts.nat ? new FakeNat('203.0.113.1', opts.nat === 'apdm') : undefined;
  const a = mk('A', roles[0], 500n, [host(natA ? '10.0.0.1' : '192.0.2.10', 5000)], natA);
  const b = mk('B', roles[1], 400n, [host('198.51.100.7', 6000)]);
  const agents = [a, b];
  const aLocals = [...a.hosts];
  if (natA) {
    const mapped = natA.outbound(at('10.0.0.1', 5000), at('198.51.100.1', 3478)); // STUN binding
    aLocals.push(createCandidate({ type: 'srflx', ...mapped, base: at('10.0.0.1', 5000), serverAddress: '198.51.100.1' }));
  }
  for (const c of aLocals) a.list.addLocalCandidate(c);
  for (const c of b.hosts) b.list.addLocalCandidate(c);
  for (const c of aLocals) b.list.addRemoteCandidate(viaSdp(c));
  for (const c of b.hosts) a.list.addRemoteCandidate(viaSdp(c));
  const q = new EventQueue();
  let nextTie = 900n;
  const record = (who: Agent, effects: readonly { kind: string }[]) => effects.forEach((e) => log.push(`${who.name}:${e.kind}`));

  const send = (from: Agent, check: PlannedCheck, now: number) => {
    const timeout = () => record(from, from.session.onCheckFailure(check.checkId, 'timeout').effects);
    const hop = route(agents, from, check.from, check.to);
    if (!hop) return q.push(now + 1500, timeout);
    q.push(now + 10, () => {
      const d = hop.to.list.onRequest({
        local: hop.dst,
        source: hop.src,
        priority: check.priority,
        useCandidate: check.useCandidate,
        role: { attr: check.roleAttribute, tieBreaker: check.tieBreaker },
      });
      record(hop.to, d.effects);
      const back = route(agents, hop.to, hop.dst, hop.src);
      if (!back) return q.push(now + 1500, timeout);
      q.push(now + 20, () => {
        const out =
          d.response === 'error-487'
            ? from.session.onRoleConflict(check.checkId, nextTie++)
            : from.session.onCheckSuccess(check.checkId, { source: back.src, destination: back.dst, mappedAddress: hop.src }, now + 20);
        record(from, out.effects);
      });
    });
  };

  for (const x of agents) record(x, x.session.start());
  for (let t = 0; t <= 10000 && !agents.every((x) => x.session.state !== 'Running'); t += 50) {
    q.runUntil(t);
    for (const x of agents) {
      const ready = x.session.role === 'controlling' && !x.list.nominatedPair() && !x.list.pairs().some((p) => p.state === 'In-Progress' && p.valid);
      const pick = ready ? x.list.readyToNominate() : undefined;
      if (pick && !x.list.triggeredQueue().length) record(x, x.list.nominate(pick));
      const check = x.session.nextCheck(t);
      if (check) {
        record(x, check.effects);
        send(x, check, t);
      }
    }
  }
  return { a, b, log };
}

function selected(x: Agent): string {
  const p = x.list.selectedPair();
  return p ? `${p.local.type} ${transportKey(p.local)} -> ${p.remote.type} ${transportKey(p.remote)}` : 'none';
}

describe('ice sessions driven end to end over a fake network', () => {
  it('connects two public hosts on their host candidates', () => {
    const { a, b } = run({});
    expect([a.session.state, b.session.state]).to.deep.equal(['Completed', 'Completed']);
    expect(selected(a)).to.equal('host 192.0.2.10:5000 -> host 198.51.100.7:6000');
    expect(selected(b)).to.equal('host 198.51.100.7:6000 -> host 192.0.2.10:5000');
  });

  it('connects through an endpoint-independent NAT on the srflx candidate', () => {
    const { a, b } = run({ nat: 'eim' });
    expect([a.session.state, b.session.state]).to.deep.equal(['Completed', 'Completed']);
    expect(selected(a)).to.equal('srflx 203.0.113.1:40000 -> host 198.51.100.7:6000');
    expect(selected(b)).to.equal('host 198.51.100.7:6000 -> srflx 203.0.113.1:40000');
  });

  it('connects through an address-and-port-dependent NAT on peer-reflexive candidates', () => {
    const { a, b, log } = run({ nat: 'apdm' });
    expect([a.session.state, b.session.state]).to.deep.equal(['Completed', 'Completed']);
    expect(selected(a)).to.equal('prflx 203.0.113.1:40001 -> host 198.51.100.7:6000');
    expect(selected(b)).to.equal('host 198.51.100.7:6000 -> prflx 203.0.113.1:40001');
    expect(log).to.include('B:remote-candidate-learned').and.include('A:local-candidate-learned');
  });

  it('repairs a role conflict when both agents start controlling', () => {
    const { a, b, log } = run({ nat: 'eim', roles: ['controlling', 'controlling'] });
    expect([a.session.role, b.session.role].sort()).to.deep.equal(['controlled', 'controlling']);
    expect([a.session.state, b.session.state]).to.deep.equal(['Completed', 'Completed']);
    expect(log.filter((e) => e.endsWith('role-changed'))).to.have.length(1);
    const [pa, pb] = [a.list.selectedPair(), b.list.selectedPair()];
    expect(transportKey(pa?.remote ?? at('', 0))).to.equal(transportKey(pb?.local ?? at('', 1)));
  });

  it('produces the same effect sequence on every run', () => {
    expect(run({ nat: 'apdm' }).log).to.deep.equal(run({ nat: 'apdm' }).log);
  });
});
