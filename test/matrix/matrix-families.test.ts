/**
 * The address-family kinds of the connectivity matrix (issue 11): ipv6-firewall, nat64 and dual-stack against each
 * other and against IPv4 kinds. The table below is agreed cell by cell with expectedFamilyOutcome and with
 * docs/connectivity-matrix.md ("Address families"); each cell also checks the selected pair's candidate types.
 */
import { expect } from 'chai';
import { expectedFamilyOutcome, FAMILY_NATS, knownNatNames, matrixText, runCell, runMatrix, sideSpec } from '../../src/matrix';
import { expectedFor } from '../../src/cli/commands/matrix';

/** a, b, outcome with TURN, Alice's local/remote candidate types ('-' when failed). */
const TABLE: readonly (readonly [string, string, string, string])[] = [
  ['ipv6-firewall', 'ipv6-firewall', 'direct', 'host/host'],
  ['ipv6-firewall', 'nat64', 'direct', 'host/host'],
  ['ipv6-firewall', 'dual-stack', 'direct', 'host/host'],
  ['nat64', 'nat64', 'direct', 'host/host'],
  ['dual-stack', 'dual-stack', 'direct', 'host/host'],
  ['ipv6-firewall', 'open', 'relay', 'relay/host'],
  ['ipv6-firewall', 'full-cone', 'relay', 'relay/srflx'],
  ['symmetric', 'ipv6-firewall', 'relay', 'prflx/relay'],
  ['nat64', 'open', 'direct', 'srflx/host'],
  ['nat64', 'port-restricted-cone', 'direct', 'srflx/srflx'],
  ['nat64', 'symmetric', 'direct', 'srflx/prflx'],
  ['nat64', 'apdm-apdf', 'direct', 'srflx/prflx'],
  ['full-cone', 'nat64', 'direct', 'prflx/srflx'],
  ['dual-stack', 'open', 'direct', 'srflx/host'],
  ['dual-stack', 'port-restricted-cone', 'direct', 'srflx/srflx'],
  ['dual-stack', 'symmetric', 'relay', 'srflx/relay'],
  ['dual-stack', 'cone-behind-symmetric', 'relay', 'srflx/relay'],
  ['dual-stack', 'eim-apdf', 'direct', 'srflx/srflx'],
  ['dual-stack', 'apdm-apdf', 'relay', 'srflx/relay'],
  ['symmetric', 'dual-stack', 'relay', 'relay/srflx'],
];

describe('connectivity matrix: address-family kinds (ipv6-firewall, nat64, dual-stack)', () => {
  it('knows the three kinds, mixable with the others', () => {
    expect(FAMILY_NATS).to.deep.equal(['ipv6-firewall', 'nat64', 'dual-stack']);
    expect(knownNatNames()).to.include.members([...FAMILY_NATS, 'symmetric', 'eim-apdf']);
    expect(sideSpec('nat64')).to.deep.equal({ family: 'nat64' });
    expect(sideSpec('symmetric')).to.deep.equal([{ preset: 'symmetric' }]);
  });

  it('the expected table agrees with the rule cell by cell (with TURN)', () => {
    for (const [a, b, outcome] of TABLE) expect(expectedFamilyOutcome(a, b, true), `${a} vs ${b}`).to.equal(outcome);
    expect(expectedFamilyOutcome('symmetric', 'full-cone', true)).to.equal(undefined);
  });

  for (const [a, b, outcome, types] of TABLE) {
    it(`${a} vs ${b}: ${outcome}${types === '-' ? '' : ` ${types}`}`, () => {
      const c = runCell(a, b);
      expect(c.outcome).to.equal(outcome);
      expect(c.outcome === 'failed' ? '-' : `${c.localType}/${c.remoteType}`).to.equal(types);
      expect(expectedFor(c, true)).to.equal(outcome);
      if (outcome === 'failed') expect(c.reason).to.match(/no pair could be checked/);
    });
  }

  it('ipv6-firewall against an IPv4-only kind relays IPv6 to IPv4 at the dual-stack TURN server, and fails without TURN', () => {
    const c = runCell('ipv6-firewall', 'full-cone');
    expect(c.relayProtocol).to.equal('udp');
    const none = runCell('ipv6-firewall', 'full-cone', { turn: false });
    expect(none.outcome).to.equal('failed');
    expect(none.reason).to.match(/no pair could be checked/);
    expect(expectedFamilyOutcome('ipv6-firewall', 'full-cone', false)).to.equal('failed');
  });

  it('without TURN, dual-stack against symmetric fails (only IPv4 is common) while nat64 still connects directly', () => {
    expect(runCell('dual-stack', 'symmetric', { turn: false }).outcome).to.equal('failed');
    expect(expectedFamilyOutcome('dual-stack', 'symmetric', false)).to.equal('failed');
    expect(runCell('nat64', 'symmetric', { turn: false }).outcome).to.equal('direct');
  });

  it('runs as a matrix with the family kinds mixed in, deterministically', () => {
    const r = runMatrix({ nats: ['nat64', 'dual-stack', 'symmetric'] });
    expect(r.cells.map((c) => c.outcome)).to.deep.equal(['direct', 'direct', 'direct', 'direct', 'direct', 'relay', 'direct', 'relay', 'relay']);
    expect(matrixText(r)).to.include('NAT64').and.to.include('DUAL-STACK');
    expect(runMatrix({ nats: ['nat64', 'dual-stack', 'symmetric'] }).cells).to.deep.equal(r.cells);
  });
});
