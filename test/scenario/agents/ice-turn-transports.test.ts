/** TURN server transports and ICE TURN references over TCP and (modelled) TLS in scenario files (RFC 8656 §3.1). */
import { expect } from 'chai';
import { formatIssue, parseScenarioText, ScenarioError } from '../../../src/scenario/format';
import { run, specOf } from '../support';

function problems(text: string): string[] {
  try {
    parseScenarioText(text, 'x.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map(formatIssue);
  }
}

const SCENARIO = (server: string, ref: string) => `
duration: 30s
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms }
    a-home: { cidr: 192.168.1.0/24 }
    b-home: { cidr: 192.168.2.0/24 }
  nats:
    a-nat: { preset: symmetric, inside: { network: a-home, ip: 192.168.1.1 }, outside: { network: internet, ip: 203.0.113.10 } }
    b-nat: { preset: symmetric, inside: { network: b-home, ip: 192.168.2.1 }, outside: { network: internet, ip: 203.0.113.20 } }
  hosts:
    alice: { network: a-home, ip: 192.168.1.10 }
    bob: { network: b-home, ip: 192.168.2.10 }
  servers:
    turn: { type: turn, network: internet, ip: 203.0.113.5, users: { alice: a-pass, bob: b-pass }${server} }
agents:
  a: { type: ice, host: alice, peer: b, controlling: true, turn: [{ server: turn, username: alice${ref} }] }
  b: { type: ice, host: bob, peer: a, turn: [{ server: turn, username: bob }] }
expectations:
  - connected: [a, b]
    via: relay
    within: 10s
`;

describe('scenario: TURN over TCP and TLS (transports on the server, transport on the ICE agent\'s TURN reference)', function () {
  this.timeout(60_000);

  for (const [transport, port] of [['tcp', 3478], ['tls', 443]] as const) {
    it(`connects two symmetric-NAT peers through a relay that one of them reaches over ${transport}`, () => {
      const r = run(specOf(SCENARIO(', transports: [udp, tcp, tls], tlsPort: 443', `, transport: ${transport}`)));
      const evs = r.record.events;
      const streams = evs.filter((e) => e.kind === 'agent' && e.event === 'stream-connected');
      expect(streams.map((e) => e.kind === 'agent' && [e.data?.transport, e.data?.server])).to.deep.equal([[transport, `203.0.113.5:${port}`]]);
      const connected = evs.find((e) => e.kind === 'agent' && e.agent === 'a' && e.event === 'connected');
      expect(connected, 'a connected').to.not.equal(undefined);
      const segs = evs.filter((e) => e.kind === 'link' && e.pkt.proto === 6);
      expect(segs.length, 'TCP segments on the wire').to.be.greaterThan(5);
    });
  }

  it('refuses a TURN reference over a transport the server does not list, with where and what is valid', () => {
    const out = problems(SCENARIO('', ', transport: tcp'));
    expect(out.join('\n')).to.match(/agents\.a\.turn\[0\]\.transport: TURN server 'turn' does not listen on tcp; add tcp to its transports/);
  });

  it('refuses transports without udp, and an unknown transport', () => {
    expect(problems(SCENARIO(', transports: [tcp]', '')).join('\n')).to.match(/transports: a TURN server always serves UDP/);
    expect(problems(SCENARIO(', transports: [udp, sctp]', '')).join('\n')).to.match(/transports.*sctp|sctp.*(udp, tcp, tls)/);
  });
});
