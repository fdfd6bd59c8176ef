import { expect } from 'chai';
import { buildDiscoveryLab, runDiscovery, DiscoveryLabInit } from '../../../src/agents/stun/discovery-lab';
import { DiscoveryConfigError } from '../../../src/agents/stun/errors';
import { LifetimeSearch, resolveLifetimeSearch } from '../../../src/agents/stun/lifetime-search';
import type { DiscoveryResult } from '../../../src/agents/stun/discovery-types';

/** Runs a search against a binding that dies after `trueMs`; returns the probes and the result. */
function searchAgainst(trueMs: number, init = {}): { probes: number[]; result: LifetimeSearch['result'] } {
  const s = new LifetimeSearch(resolveLifetimeSearch(init));
  const probes: number[] = [];
  for (let t = s.next(); t !== undefined; t = s.next()) {
    probes.push(t);
    s.record(t, t < trueMs);
  }
  return { probes, result: s.result };
}

function measure(init: DiscoveryLabInit): DiscoveryResult {
  const lab = buildDiscoveryLab({ trace: 'summary', ...init });
  return runDiscovery(lab.world, lab.client, lab.serverAddress, { lifetime: true, hairpinning: false });
}

describe('binding lifetime search (RFC 5780 §4.6)', () => {
  it('doubles from 1 s until a binding dies, then bisects to within 2% below the timeout', () => {
    const { probes, result } = searchAgainst(30_000);
    expect(probes.slice(0, 6)).to.deep.equal([1000, 2000, 4000, 8000, 16000, 32000]);
    expect(probes.slice(6)).to.deep.equal([24000, 28000, 30000, 29000, 29500]);
    expect(result).to.deep.equal({ lifetimeMs: 29500, aliveMs: 29500, expiredMs: 30000, probes: 11 });
  });

  for (const trueMs of [700, 30_000, 45_000, 120_000, 300_000, 3_600_000]) {
    it(`ends within one step (<= 2%) below a ${trueMs} ms timeout`, () => {
      const { result } = searchAgainst(trueMs);
      expect(result.lifetimeMs).to.be.at.most(trueMs);
      expect(result.expiredMs! - result.aliveMs).to.be.at.most(Math.max(0.02 * result.aliveMs, 100));
      expect(trueMs - result.lifetimeMs!).to.be.at.most(Math.max(0.02 * trueMs, 100));
    });
  }

  it('reports null when the binding outlives the longest probe', () => {
    const { probes, result } = searchAgainst(Infinity, { maxMs: 10_000 });
    expect(probes).to.deep.equal([1000, 2000, 4000, 8000, 10000]);
    expect(result.lifetimeMs).to.equal(null);
    expect(result.aliveMs).to.equal(10_000);
  });

  it('refuses a step coarser than 5% and other bad options', () => {
    expect(() => resolveLifetimeSearch({ precision: 0.1 })).to.throw(DiscoveryConfigError, /precision.*<= 0\.05/);
    expect(() => resolveLifetimeSearch({ startMs: 0 })).to.throw(DiscoveryConfigError, /startMs/);
    expect(() => resolveLifetimeSearch({ startMs: 5000, maxMs: 1000 })).to.throw(DiscoveryConfigError, /maxMs/);
  });
});

describe('binding lifetime discovery in a simulated network', () => {
  const rows: [string, DiscoveryLabInit, number, boolean][] = [
    ['30 s port-restricted cone', { nat: { preset: 'port-restricted-cone', mappingTimeout: 30_000 } }, 30_000, false],
    ['120 s symmetric NAT', { nat: { preset: 'symmetric', mappingTimeout: 120_000 } }, 120_000, false],
    ['300 s full cone with inbound refresh', { nat: { preset: 'full-cone', mappingTimeout: 300_000, inboundRefresh: true } }, 300_000, true],
    ['linux-masquerade: 120 s once a reply was seen, inbound refresh', { nat: { preset: 'linux-masquerade' } }, 120_000, true],
    ['45 s firewall pinhole', { firewall: { timeout: 45_000 } }, 45_000, false],
    ['200 s home NAT behind a 120 s CGNAT: the shorter wins', { nat: { preset: 'full-cone', mappingTimeout: 200_000 }, carrierNat: { preset: 'cgnat' } }, 120_000, false],
  ];
  for (const [story, init, timeoutMs, inbound] of rows) {
    it(`measures ${story} within 5% and tells inbound from outbound refresh`, () => {
      const r = measure(init);
      expect(r.mappingLifetimeMs).to.be.a('number');
      expect(Math.abs(r.mappingLifetimeMs! - timeoutMs)).to.be.at.most(0.05 * timeoutMs);
      expect(r.lifetime!.expiredMs! - r.lifetime!.aliveMs).to.be.at.most(0.05 * r.lifetime!.aliveMs);
      expect(r.lifetime!.expiredMs).to.be.at.least(timeoutMs);
      expect(r.outboundRefresh).to.equal(true);
      expect(r.inboundRefresh).to.equal(inbound);
      expect(r.notes).to.deep.equal([]);
    });
  }

  it('stays null when lifetime measurement is off', () => {
    const lab = buildDiscoveryLab({ nat: { preset: 'full-cone' }, trace: 'summary' });
    const r = runDiscovery(lab.world, lab.client, lab.serverAddress);
    expect(r.mappingLifetimeMs).to.equal(null);
    expect(r).to.not.have.property('inboundRefresh');
  });
});
