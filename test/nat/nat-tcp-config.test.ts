/** A NAT's `tcp` settings (RFC 5382): defaults that follow the UDP axes, presets, merging, and clear errors. */
import { expect } from 'chai';
import { NatConfigError, NatTable, mergeNatInit, resolveNatConfig } from '../../src/nat';
import { Rng } from '../../src/sim/rng';
import { TCP_FLAG } from '../../src/net/tcp-header';

const IPS = { externalIps: ['192.0.2.1'], path: 'nats.home' };

function errorOf(init: unknown): NatConfigError {
  try {
    resolveNatConfig(init, IPS);
  } catch (e) {
    if (e instanceof NatConfigError) return e;
    throw e;
  }
  throw new Error('expected a NatConfigError');
}

describe('NAT TCP settings (RFC 5382)', () => {
  it('takes the RFC 4787 axes from the NAT\'s UDP settings unless tcp gives them', () => {
    const cfg = resolveNatConfig({ preset: 'symmetric', tcp: { filtering: 'endpoint-independent' } }, IPS);
    expect(cfg.tcp).to.include({ mapping: 'address-and-port-dependent', portAssignment: 'random',
      filtering: 'endpoint-independent', establishedTimeout: 7_440_000, transitoryTimeout: 240_000 });
  });

  it('merges tcp keys given beside a preset into the preset\'s tcp, key by key', () => {
    const cfg = resolveNatConfig({ preset: 'linux-masquerade', tcp: { establishedTimeout: 600_000 } }, IPS);
    expect(cfg.tcp).to.include({ establishedTimeout: 600_000, transitoryTimeout: 120_000, unsolicitedSyn: 'rst', synHold: 0,
      filtering: 'address-and-port-dependent' });
  });

  it('fills in the device presets: cgnat (RFC 6888: EIM, EIF, RFC 5382 floors, silent) and linux-masquerade (conntrack)', () => {
    expect(resolveNatConfig({ preset: 'cgnat' }, IPS).tcp).to.include({ mapping: 'endpoint-independent',
      filtering: 'endpoint-independent', establishedTimeout: 7_440_000, transitoryTimeout: 240_000, unsolicitedSyn: 'drop' });
    expect(resolveNatConfig({ preset: 'linux-masquerade' }, IPS).tcp).to.include({ establishedTimeout: 432_000_000,
      transitoryTimeout: 120_000, unsolicitedSyn: 'rst', synHold: 0, hairpinning: false });
  });

  it('lets a preset\'s synHold give way to unsolicitedSyn drop, but rejects one written with it', () => {
    expect(resolveNatConfig({ preset: 'linux-masquerade', tcp: { unsolicitedSyn: 'drop' } }, IPS).tcp.unsolicitedSyn).to.equal('drop');
    const e = errorOf({ tcp: { synHold: 1000 } });
    expect([e.path, e.valid]).to.deep.equal(['nats.home.tcp.synHold', "remove it, or set tcp.unsolicitedSyn: 'rst' or 'icmp'"]);
  });

  it('accepts sequentialStep when only TCP assigns ports sequentially', () => {
    expect(resolveNatConfig({ sequentialStep: 2, tcp: { portAssignment: 'sequential' } }, IPS).sequentialStep).to.equal(2);
  });

  const bad = [
    { init: { tcp: { unsolicitedSin: 'rst' } }, path: 'nats.home.tcp.unsolicitedSin', valid: /mapping, filtering, .*unsolicitedSyn, synHold/ },
    { init: { tcp: { unsolicitedSyn: 'reject' } }, path: 'nats.home.tcp.unsolicitedSyn', valid: /'drop', 'rst', 'icmp'/ },
    { init: { tcp: { establishedTimeout: 0 } }, path: 'nats.home.tcp.establishedTimeout', valid: /milliseconds > 0/ },
    { init: { tcp: 'strict' }, path: 'nats.home.tcp', valid: /an object with keys mapping/ },
    { init: { preset: 'open', tcp: {} }, path: 'nats.home.tcp', valid: /translate: true/ },
  ];
  for (const row of bad) {
    it(`rejects ${JSON.stringify(row.init)} naming ${row.path}`, () => {
      const e = errorOf(row.init);
      expect(e.path).to.equal(row.path);
      expect(e.valid).to.match(row.valid);
    });
  }

  it('merges a tcp patch into the tcp settings given so far (setNat), undefined removing a key', () => {
    expect(mergeNatInit({ tcp: { unsolicitedSyn: 'rst', synHold: 0 } }, { tcp: { synHold: undefined, transitoryTimeout: 1000 } }))
      .to.deep.equal({ tcp: { unsolicitedSyn: 'rst', transitoryTimeout: 1000 } });
  });

  it('gives the TCP table its own view: tcp axes, transitory and established timeouts, and no UDP timeouts', () => {
    const t = new NatTable({ externalIps: ['192.0.2.1'], mapping: 'address-dependent', mappingTimeout: 5000,
      tcp: { mapping: 'endpoint-independent', transitoryTimeout: 60_000 } }, new Rng(1), { protocol: 'tcp' });
    expect(t.isTcp).to.equal(true);
    expect(t.config).to.include({ mapping: 'endpoint-independent', mappingTimeout: 60_000, establishedTimeout: 7_440_000 });
  });

  it('keeps port parity for TCP like UDP (RFC 4787 REQ-4 applied to TCP ports), and follows tcp.parity', () => {
    const ports = (parity: boolean): number[] => {
      const t = new NatTable({ externalIps: ['192.0.2.1'], tcp: { portAssignment: 'random', parity } }, new Rng(5), { protocol: 'tcp' });
      return [5001, 5003, 6001, 7001, 7003, 8001].map((p, i) => {
        const r = t.outboundTcp(i, 0x0a000002, p, 0xc6336450, 443, TCP_FLAG.SYN);
        if (!r.ok) throw new Error(r.reason);
        return r.externalPort % 2;
      });
    };
    expect(ports(true)).to.deep.equal([1, 1, 1, 1, 1, 1]);
    expect(ports(false)).to.include(0);
  });
});
