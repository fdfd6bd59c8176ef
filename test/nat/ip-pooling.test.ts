/** IP address pooling across several external addresses (RFC 4787 §4.1, REQ-2; RFC 6888 REQ-2). */
import { expect } from 'chai';
import { formatIpv4 } from '../../src/net/ipv4';
import { NatInit, NatTable } from '../../src/nat';
import { EXT, EXT2, EXT2_IP, EXT_IP, Ep, P, X, Y, table } from './nat-helpers';

const APDM = 'address-and-port-dependent';

function twoIps(init: NatInit): NatTable {
  return table({ mapping: APDM, externalIps: [EXT, EXT2], ...init });
}

/** External addresses of mappings from `from` to P:7000, P:7001, ... */
function ipsOf(t: NatTable, from: Ep, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const r = t.outbound(0, from[0], from[1], P[0], 7000 + i);
    if (!r.ok) return r.reason;
    return formatIpv4(r.externalIp);
  });
}

describe('IP address pooling', () => {
  it('paired: every mapping of one internal IP uses one external address; the next host gets the next one', () => {
    const t = twoIps({ pooling: 'paired' });
    expect(ipsOf(t, X, 3)).to.deep.equal([EXT, EXT, EXT]);
    expect(ipsOf(t, Y, 3)).to.deep.equal([EXT2, EXT2, EXT2]);
  });

  it('arbitrary: successive mappings of one internal IP rotate over the external addresses', () => {
    expect(ipsOf(twoIps({ pooling: 'arbitrary' }), X, 4)).to.deep.equal([EXT, EXT2, EXT, EXT2]);
  });

  it("paired: a host whose address is full is exhausted even though another address has ports", () => {
    const t = twoIps({ pooling: 'paired', portRange: [40000, 40001], parity: false });
    expect(ipsOf(t, X, 3)).to.deep.equal([EXT, EXT, 'nat-port-exhausted']);
  });

  it('arbitrary: a full address spills over to the next one', () => {
    const t = twoIps({ pooling: 'arbitrary', portRange: [40000, 40000], parity: false });
    expect(ipsOf(t, X, 3)).to.deep.equal([EXT, EXT2, 'nat-port-exhausted']);
  });

  it('translates inbound packets on the second address back to the right host', () => {
    const t = twoIps({ pooling: 'paired', filtering: 'endpoint-independent' });
    ipsOf(t, X, 1);
    const r = t.outbound(0, Y[0], Y[1], P[0], 7000);
    expect(r).to.include({ ok: true, externalIp: EXT2_IP });
    const port = r.ok ? r.externalPort : -1;
    expect(t.inbound(1, EXT2_IP, port, P[0], 7000)).to.include({ ok: true, internalIp: Y[0], internalPort: Y[1] });
    // ports are per address: the same port on the first address is not Y's
    expect(t.inbound(1, EXT_IP, port, P[0], 7000)).to.deep.equal({ ok: false, reason: 'nat-no-mapping' });
  });
});
