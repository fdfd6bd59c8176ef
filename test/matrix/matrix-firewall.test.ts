import { expect } from 'chai';
import { runMatrix } from '../../src/matrix';
import { checkMatrix, matrixPlan } from '../../src/cli/commands/matrix';
import { matrixJson } from '../../src/matrix/matrix-report';

const NATS = ['open', 'full-cone', 'port-restricted-cone', 'symmetric'];

describe('connectivity matrix behind UDP-blocking firewalls (matrix --firewall, RFC 8656 §3.1 TURN over TCP)', function () {
  this.timeout(120_000);

  it('with TURN on 443: every pair connects through the relay, reached over TCP, and the JSON says relayProtocol tcp', () => {
    const r = runMatrix({ nats: NATS, firewall: 'udp-blocked' });
    expect(r.cells.map((c) => c.outcome)).to.deep.equal(Array(16).fill('relay'));
    expect(r.cells.map((c) => c.relayProtocol)).to.deep.equal(Array(16).fill('tcp'));
    expect(checkMatrix(r).deviations).to.deep.equal([]);
    const json = matrixJson(r);
    expect(json.firewall).to.equal('udp-blocked');
    expect(json.cells.every((c) => c.relayProtocol === 'tcp')).to.equal(true);
  });

  it('with --no-turn: every pair fails, and each cell says the firewall dropped UDP', () => {
    const r = runMatrix({ nats: NATS, firewall: 'udp-blocked', turn: false });
    expect(r.cells.map((c) => c.outcome)).to.deep.equal(Array(16).fill('failed'));
    for (const c of r.cells) expect(c.reason, `${c.a} vs ${c.b}`).to.match(/at fw-alice \(firewall dropped UDP\)/);
    expect(checkMatrix(r).deviations).to.deep.equal([]);
  });

  it('refuses an unknown preset and the address-family kinds, saying what is valid', () => {
    expect(() => matrixPlan({ firewall: 'closed' })).to.throw(/--firewall 'closed' is not a firewall preset; valid: stateful, udp-blocked, tcp-443-only/);
    expect(() => matrixPlan({ firewall: 'udp-blocked', nats: 'full-cone,nat64' })).to.throw(/IPv4 NAT kinds only; leave out nat64/);
  });
});
