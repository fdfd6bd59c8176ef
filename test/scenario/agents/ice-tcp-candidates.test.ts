/** `tcpCandidates` on a scenario `ice` agent: TCP host candidates (RFC 6544) gathered, signalled and checked. */
import { expect } from 'chai';
import { run, specOf } from '../support';

const SCENARIO = (tcp: string) => `
duration: 10s
topology:
  networks:
    lan: { cidr: 192.168.1.0/24, latency: 1ms }
  hosts:
    alice: { network: lan, ip: 192.168.1.10 }
    bob: { network: lan, ip: 192.168.1.11 }
agents:
  a: { type: ice, host: alice, peer: b, controlling: true${tcp} }
  b: { type: ice, host: bob, peer: a${tcp} }
expectations:
  - connected: [a, b]
    via: direct
    within: 2s
`;

const lines = (r: ReturnType<typeof run>, agent: string): string[] =>
  r.record.events
    .filter((e) => e.kind === 'agent' && e.node === 'alice' && (e as { event: string }).event === 'candidate' && (e as { agent: string }).agent === agent)
    .map((e) => String((e as { data?: Record<string, unknown> }).data?.candidate));

describe('scenario: ice agents with tcpCandidates (RFC 6544)', () => {
  it('signals a passive and an active (port 9) TCP host candidate beside the UDP one, and still connects over UDP', () => {
    const r = run(specOf(SCENARIO(', tcpCandidates: true')), { keepEvents: true });
    expect(r.passed, r.outcomes.map((o) => o.detail).join('; ')).to.equal(true);
    const mine = lines(r, 'a');
    expect(mine.filter((l) => / tcp .* tcptype passive$/.test(l))).to.have.length(1);
    expect(mine.filter((l) => / tcp \d+ 192\.168\.1\.10 9 typ host tcptype active$/.test(l))).to.have.length(1);
    const connected = r.record.events.find((e) => e.kind === 'agent' && (e as { event: string }).event === 'connected');
    expect(String((connected as { data?: Record<string, unknown> }).data?.localCandidate)).to.match(/ udp /);
  });

  it('gathers no TCP candidate by default', () => {
    const r = run(specOf(SCENARIO('')), { keepEvents: true });
    expect(lines(r, 'a').some((l) => / tcp /.test(l))).to.equal(false);
  });
});
