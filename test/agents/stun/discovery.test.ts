import { expect } from 'chai';
import { buildDiscoveryLab, runDiscovery, DiscoveryLabInit } from '../../../src/agents/stun/discovery-lab';
import { discoverNat } from '../../../src/agents/stun/discovery';
import type { ClassicNatType, DiscoveryResult, NatBehavior } from '../../../src/agents/stun/discovery-types';
import { StunServer } from '../../../src/agents/stun/stun-server';
import { MAPPING_BEHAVIORS, FILTERING_BEHAVIORS } from '../../../src/nat/nat-config';
import { NAT_PRESET_NAMES, NatPresetName } from '../../../src/nat/nat-presets';
import { resolveNatConfig } from '../../../src/nat/nat-validate';
import { World } from '../../../src/net/world';
import { addNat } from '../../../src/nat/add-nat';
import { TraceRecorder } from '../../../src/sim/trace';
import type { MappingEvent } from '../../../src/sim/trace-events';
import { agentEvents } from './helpers';

function discover(init: DiscoveryLabInit, hairpinning = true): DiscoveryResult {
  const lab = buildDiscoveryLab({ trace: 'summary', ...init });
  return runDiscovery(lab.world, lab.client, lab.serverAddress, { hairpinning });
}

const CLASSIC_OF: Record<NatBehavior, ClassicNatType> = {
  'endpoint-independent': 'full-cone', 'address-dependent': 'restricted-cone', 'address-and-port-dependent': 'port-restricted-cone',
};

/**
 * What the hairpinning test can see when the NAT hairpins: the hairpinned request carries the sender's mapped
 * address for that destination, which the receiver can only admit in advance under endpoint-independent
 * mapping (it primes its filter) or endpoint-independent filtering (nothing to prime).
 */
function observableHairpin(mapping: NatBehavior, filtering: NatBehavior, hairpinning: boolean): boolean {
  return hairpinning && (mapping === 'endpoint-independent' || filtering === 'endpoint-independent');
}

describe('NAT behaviour discovery (RFC 5780 §4)', () => {
  describe('reports exactly the configured mapping and filtering for all 9 combinations', () => {
    for (const mapping of MAPPING_BEHAVIORS) {
      for (const filtering of FILTERING_BEHAVIORS) {
        it(`${mapping} mapping, ${filtering} filtering`, () => {
          const r = discover({ nat: { mapping, filtering } });
          expect([r.mapping, r.filtering]).to.deep.equal([mapping, filtering]);
          expect(r.classic).to.equal(mapping === 'endpoint-independent' ? CLASSIC_OF[filtering] : 'symmetric');
          expect(r.hairpinning).to.equal(observableHairpin(mapping, filtering, true));
          expect(r.natPresent).to.equal(true);
          expect(r.publicAddress?.address).to.equal('198.51.100.10');
          expect(r.notes).to.deep.equal([]);
        });
      }
    }
  });

  describe('reports every preset as configured', () => {
    const expectations: Record<NatPresetName, [NatBehavior, NatBehavior, ClassicNatType, boolean]> = {
      open: ['endpoint-independent', 'endpoint-independent', 'open', true],
      'full-cone': ['endpoint-independent', 'endpoint-independent', 'full-cone', true],
      'restricted-cone': ['endpoint-independent', 'address-dependent', 'restricted-cone', true],
      'port-restricted-cone': ['endpoint-independent', 'address-and-port-dependent', 'port-restricted-cone', true],
      // Hairpins, but filters the hairpinned packet from a mapped address no client can predict: see observableHairpin.
      symmetric: ['address-and-port-dependent', 'address-and-port-dependent', 'symmetric', false],
      cgnat: ['endpoint-independent', 'endpoint-independent', 'full-cone', true],
      'linux-masquerade': ['endpoint-independent', 'address-and-port-dependent', 'port-restricted-cone', false],
    };
    for (const preset of NAT_PRESET_NAMES) {
      it(preset, () => {
        const r = discover({ nat: { preset } });
        const [mapping, filtering, classic, hairpinning] = expectations[preset];
        expect([r.mapping, r.filtering, r.classic, r.hairpinning]).to.deep.equal([mapping, filtering, classic, hairpinning]);
        const cfg = resolveNatConfig({ preset }, { externalIps: ['198.51.100.10'] });
        expect(r.natPresent).to.equal(cfg.translate);
        if (cfg.translate) {
          expect([cfg.mapping, cfg.filtering]).to.deep.equal([mapping, filtering]);
          expect(observableHairpin(cfg.mapping, cfg.filtering, cfg.hairpinning)).to.equal(hairpinning);
        }
      });
    }
  });

  describe('behind a home NAT behind a carrier NAT, reports the most restrictive of each', () => {
    const rows: [string, DiscoveryLabInit['nat'], DiscoveryLabInit['carrierNat'], NatBehavior, NatBehavior, ClassicNatType][] = [
      ['port-restricted home behind a CGNAT', { preset: 'port-restricted-cone' }, { preset: 'cgnat' },
        'endpoint-independent', 'address-and-port-dependent', 'port-restricted-cone'],
      ['full-cone home behind a symmetric carrier', { preset: 'full-cone' }, { preset: 'symmetric' },
        'address-and-port-dependent', 'address-and-port-dependent', 'symmetric'],
      ['restricted home behind a port-restricted carrier', { preset: 'restricted-cone' }, { preset: 'port-restricted-cone' },
        'endpoint-independent', 'address-and-port-dependent', 'port-restricted-cone'],
      ['full-cone home behind an address-dependent-mapping carrier', { preset: 'full-cone' },
        { mapping: 'address-dependent', filtering: 'endpoint-independent' }, 'address-dependent', 'endpoint-independent', 'symmetric'],
      ['symmetric home behind a full-cone carrier', { preset: 'symmetric' }, { preset: 'full-cone' },
        'address-and-port-dependent', 'address-and-port-dependent', 'symmetric'],
    ];
    for (const [story, nat, carrierNat, mapping, filtering, classic] of rows) {
      it(story, () => {
        const r = discover({ nat, carrierNat });
        expect([r.mapping, r.filtering, r.classic]).to.deep.equal([mapping, filtering, classic]);
        expect(r.publicAddress?.address).to.equal('198.51.100.10');
      });
    }
  });

  describe('hairpinning (RFC 5780 §3.4)', () => {
    const rows: [string, DiscoveryLabInit['nat'], boolean][] = [
      ['full cone, hairpinning on', { preset: 'full-cone', hairpinning: true }, true],
      ['full cone, hairpinning off', { preset: 'full-cone', hairpinning: false }, false],
      ['port-restricted cone, hairpinning on (filter primed)', { preset: 'port-restricted-cone', hairpinning: true }, true],
      ['port-restricted cone, hairpinning off', { preset: 'port-restricted-cone', hairpinning: false }, false],
      ['symmetric with endpoint-independent filtering, on', { mapping: 'address-and-port-dependent', filtering: 'endpoint-independent' }, true],
    ];
    for (const [story, nat, expected] of rows) {
      it(story, () => expect(discover({ nat }).hairpinning).to.equal(expected));
    }

    it('is skipped (null) when disabled', () => {
      expect(discover({ nat: { preset: 'full-cone' } }, false).hairpinning).to.equal(null);
    });
  });

  it('reports udp-blocked behind a firewall that drops all UDP', () => {
    const r = discover({ firewall: { mode: 'block-all-udp' } });
    expect(r).to.include({ udpReachable: false, natPresent: null, mapping: null, filtering: null, hairpinning: null, classic: 'udp-blocked' });
    expect(r.notes[0]).to.match(/no answer/);
    expect(r.durationMs).to.equal(39_500);
  });

  it('reports a symmetric UDP firewall: no translation, address-and-port-dependent filtering', () => {
    const r = discover({ firewall: { mode: 'block-unsolicited-inbound' } });
    expect(r).to.include({ udpReachable: true, natPresent: false, mapping: 'endpoint-independent', filtering: 'address-and-port-dependent', classic: 'symmetric-udp-firewall' });
    expect(r.publicAddress).to.deep.equal({ address: '192.168.1.10', port: r.localAddress?.port });
  });

  it('against a server without a second address, reports what it can and says why the rest is unknown', () => {
    const w = new World({ trace: 'summary' });
    w.network('internet', '198.51.100.0/24', { latency: 5 });
    w.network('lan', '192.168.1.0/24');
    addNat(w, 'nat', { settings: { preset: 'full-cone' }, outside: { network: 'internet', ip: '198.51.100.10' }, inside: [{ network: 'lan', ip: '192.168.1.1' }] });
    const stun = w.host('stun', { ifaces: [{ network: 'internet', ip: '198.51.100.1' }] });
    const client = w.host('client', { ifaces: [{ network: 'lan', ip: '192.168.1.10' }], gateway: '192.168.1.1' });
    const server = new StunServer(stun.env('stun-server')).start();
    const r = runDiscovery(w, client, server.primary);
    expect(r).to.include({ udpReachable: true, natPresent: true, mapping: null, filtering: null, classic: 'unknown', hairpinning: true });
    expect(r.notes.join(' ')).to.match(/OTHER-ADDRESS/);
  });

  it('uses fresh local ports per test, traces its steps and result, and is deterministic for a seed', () => {
    const runOnce = () => {
      const lab = buildDiscoveryLab({ nat: { preset: 'port-restricted-cone' }, seed: 7 });
      const rec = new TraceRecorder(lab.world.sim.trace);
      const r = runDiscovery(lab.world, lab.client, lab.serverAddress);
      return { r, rec, digest: lab.world.sim.trace.digest() };
    };
    const a = runOnce();
    const b = runOnce();
    expect(b.digest).to.equal(a.digest);
    expect(b.r).to.deep.equal(a.r);
    const created = a.rec.events.filter((e): e is MappingEvent => e.kind === 'mapping-created').map((e) => e.internal);
    expect(new Set(created).size).to.equal(created.length);
    expect(created).to.have.length(4);
    expect(agentEvents(a.rec, 'stun-discovery', 'result').map((e) => e.data)).to.deep.equal([
      { mapping: 'endpoint-independent', filtering: 'address-and-port-dependent', hairpinning: true, mappingLifetimeMs: null, classic: 'port-restricted-cone' },
    ]);
    expect(agentEvents(a.rec, 'stun-discovery', 'filtering-test').map((e) => [e.data.test, e.data.answered])).to.deep.equal([['II', false], ['III', false]]);
  });

  it('stops quietly when cancelled', () => {
    const lab = buildDiscoveryLab({ nat: { preset: 'symmetric' } });
    let called = false;
    const handle = discoverNat(lab.client.env('stun-discovery'), lab.serverAddress, {}, () => (called = true));
    lab.world.runFor(2000);
    handle.cancel();
    lab.world.runFor(200_000);
    expect(called).to.equal(false);
    expect(lab.world.sim.scheduler.pending).to.equal(0);
  });

  it('stop() ends a run at once with the steps that finished, and lists the rest as unfinished', () => {
    // Port-restricted cone: the mapping tests are answered at once, filtering Test II is silent for 39.5 s.
    const lab = buildDiscoveryLab({ nat: { preset: 'port-restricted-cone' } });
    const results: DiscoveryResult[] = [];
    const handle = discoverNat(lab.client.env('stun-discovery'), lab.serverAddress, { lifetime: true }, (r) => results.push(r));
    lab.world.runFor(10_000);
    expect(results).to.have.length(0);
    handle.stop('test limit');
    expect(results).to.have.length(1);
    const r = results[0];
    expect([r.mapping, r.filtering, r.hairpinning, r.classic]).to.deep.equal(['endpoint-independent', null, null, 'unknown']);
    expect(r.unfinished).to.deep.equal(['filtering', 'hairpinning', 'lifetime']);
    expect(r.notes).to.deep.equal(['stopped early (test limit): not finished: filtering, hairpinning, lifetime']);
    handle.stop('again');
    lab.world.runFor(200_000);
    expect(results, 'done is called once; nothing runs after stop').to.have.length(1);
    expect(lab.world.sim.scheduler.pending).to.equal(0);
  });

  it('stop() after the run finished changes nothing', () => {
    const lab = buildDiscoveryLab({ nat: { preset: 'full-cone' } });
    const results: DiscoveryResult[] = [];
    const handle = discoverNat(lab.client.env('stun-discovery'), lab.serverAddress, {}, (r) => results.push(r));
    lab.world.runFor(200_000);
    handle.stop('late');
    expect(results).to.have.length(1);
    expect(results[0].unfinished).to.equal(undefined);
    expect(results[0].notes).to.deep.equal([]);
  });
});
