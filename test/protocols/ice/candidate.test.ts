import { expect } from 'chai';
import {
  addressFamily,
  computeFoundation,
  createCandidate,
  eliminateRedundantCandidates,
  foundationKey,
  IceUsageError,
  type FoundationInput,
} from '../../../src/protocols/ice';
import { host, srflx } from './fixtures';

describe('ice candidates (RFC 8445 §5.1.1)', () => {
  it('gives a host candidate itself as base and no related address', () => {
    const c = host('10.0.0.1', 5000);
    expect(c).to.include({ type: 'host', baseAddress: '10.0.0.1', basePort: 5000, priority: 0x7effffff, transport: 'udp' });
    expect(c.relatedAddress).to.equal(undefined);
  });

  it('gives a srflx candidate its host base and uses the base as related address', () => {
    const c = srflx('203.0.113.5', 40000, '10.0.0.1', 5000);
    expect(c).to.include({ baseAddress: '10.0.0.1', basePort: 5000, relatedAddress: '10.0.0.1', relatedPort: 5000, priority: 1694498815 });
  });

  it('refuses a reflexive candidate without a base', () => {
    expect(() => createCandidate({ type: 'srflx', address: '203.0.113.5', port: 1 })).to.throw(IceUsageError, 'base');
  });

  it('refuses an out-of-range port', () => {
    expect(() => createCandidate({ type: 'host', address: '10.0.0.1', port: 70000 })).to.throw(IceUsageError, 'port');
  });

  it('classifies address families for pairing', () => {
    expect(['10.0.0.1', '2001:db8::1', 'abc.local', '1.2.3.256'].map(addressFamily)).to.deep.equal(['ipv4', 'ipv6', 'fqdn', 'fqdn']);
  });
});

describe('ice foundations (RFC 8445 §5.1.1.3)', () => {
  const base: FoundationInput = { type: 'srflx', baseAddress: '10.0.0.1', serverAddress: '198.51.100.1' };
  const rows: Array<[string, FoundationInput, boolean]> = [
    ['the same inputs (ports do not count)', { ...base }, true],
    ['a different type', { ...base, type: 'relay' }, false],
    ['a different base IP', { ...base, baseAddress: '10.0.0.2' }, false],
    ['a different STUN server IP', { ...base, serverAddress: '198.51.100.9' }, false],
  ];
  for (const [story, other, same] of rows) {
    it(`${same ? 'shares' : 'differs'} for ${story}`, () => {
      expect(computeFoundation(other) === computeFoundation(base)).to.equal(same);
    });
  }

  it('ignores the server for host candidates', () => {
    const a = computeFoundation({ type: 'host', baseAddress: '10.0.0.1', serverAddress: '1.1.1.1' });
    expect(a).to.equal(computeFoundation({ type: 'host', baseAddress: '10.0.0.1' }));
  });

  it('is deterministic and made of 1..32 ice-chars', () => {
    expect(foundationKey(base)).to.equal('srflx|10.0.0.1|198.51.100.1|udp');
    const f = computeFoundation(base);
    expect(f).to.equal(computeFoundation({ ...base })).and.match(/^[0-9]{1,10}$/);
  });

  it('gives candidates built on the same base and server the same foundation', () => {
    expect(srflx('203.0.113.5', 1, '10.0.0.1', 5000).foundation).to.equal(srflx('203.0.113.5', 2, '10.0.0.1', 5001).foundation);
    expect(host('10.0.0.1', 1).foundation).not.to.equal(host('10.0.0.2', 1).foundation);
  });
});

describe('ice redundant candidate elimination (RFC 8445 §5.1.3)', () => {
  it('drops a srflx equal to its host base (no NAT), keeping the higher-priority host', () => {
    const h = host('203.0.113.5', 5000);
    const s = srflx('203.0.113.5', 5000, '203.0.113.5', 5000);
    expect(eliminateRedundantCandidates([s, h])).to.deep.equal([h]);
  });

  it('keeps candidates with the same transport address but different bases', () => {
    const a = srflx('203.0.113.5', 5000, '10.0.0.1', 5000);
    const b = srflx('203.0.113.5', 5000, '10.0.0.2', 5000);
    expect(eliminateRedundantCandidates([a, b])).to.deep.equal([a, b]);
  });

  it('keeps the input order of survivors', () => {
    const list = [host('10.0.0.2', 1), host('10.0.0.1', 1), host('10.0.0.2', 1, 1, 5)];
    expect(eliminateRedundantCandidates(list)).to.deep.equal([list[0], list[1]]);
  });
});
