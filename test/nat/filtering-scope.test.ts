/**
 * Per-mapping vs per-endpoint filtering (docs/nat-model.md). RFC 4787 §5 words filtering per internal endpoint
 * ("X:x has sent packets to Y"); natsim judges it per mapping by default (like conntrack, libwebrtc and pion) and
 * offers filteringScope 'endpoint'. The two differ only when one internal endpoint has several mappings (ADM/APDM).
 */
import { expect } from 'chai';
import { FilteringScope } from '../../src/nat';
import { EXT_IP, P, S, SEC, X, send, table } from './nat-helpers';

describe('filtering scope', () => {
  const scenario = (filteringScope: FilteringScope) => {
    const t = table({ mapping: 'address-and-port-dependent', filtering: 'address-and-port-dependent', filteringScope,
      mappingTimeout: 60_000 });
    const toS = send(t, 0, X, S);
    send(t, 0, X, P); // a second mapping, bound to P
    return { t, toS };
  };

  it("drops P on S's mapping under filteringScope 'mapping' (P was sent to through another mapping)", () => {
    const { t, toS } = scenario('mapping');
    expect(t.inbound(SEC, EXT_IP, toS, P[0], P[1])).to.deep.equal({ ok: false, reason: 'nat-filtered' });
  });

  it("admits P on S's mapping under filteringScope 'endpoint' (X sent to P)", () => {
    const { t, toS } = scenario('endpoint');
    expect(t.inbound(SEC, EXT_IP, toS, P[0], P[1])).to.include({ ok: true, internalIp: X[0], internalPort: X[1] });
  });

  it("stops admitting under 'endpoint' once the mapping that sent to P has expired", () => {
    const { t, toS } = scenario('endpoint');
    send(t, 50 * SEC, X, S); // only S's mapping is kept alive
    expect(t.expire(60 * SEC)).to.have.length(1);
    expect(t.inbound(61 * SEC, EXT_IP, toS, P[0], P[1])).to.deep.equal({ ok: false, reason: 'nat-filtered' });
  });

  it('makes no difference under endpoint-independent mapping (one mapping per endpoint)', () => {
    const outcomes = (['mapping', 'endpoint'] as const).map((filteringScope) => {
      const t = table({ filtering: 'address-and-port-dependent', filteringScope });
      send(t, 0, X, S);
      send(t, 0, X, P);
      return [P, S, [P[0], 1]].map(([ip, port]) => t.inbound(SEC, EXT_IP, 5000, ip, port).ok);
    });
    expect(outcomes[0]).to.deep.equal([true, true, false]);
    expect(outcomes[1]).to.deep.equal(outcomes[0]);
  });
});
