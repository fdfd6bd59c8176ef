/** Hairpinning (RFC 4787 §6, REQ-9 / REQ-9a). X and Y sit behind the same NAT; Y is mapped at EXT:6000. */
import { expect } from 'chai';
import { EXT_IP, S, X, Y, send, table } from './nat-helpers';

describe('hairpinning', () => {
  it("loops X's packet to Y's mapped address back inside, with X's mapped address as source (REQ-9a)", () => {
    const t = table({ filtering: 'endpoint-independent' });
    send(t, 0, Y, S); // Y learns its mapped address EXT:6000 from a STUN server
    const r = t.hairpin(1, X[0], X[1], EXT_IP, 6000);
    expect(r).to.include({ ok: true, srcIp: EXT_IP, srcPort: 5000, internalIp: Y[0], internalPort: Y[1], created: true });
    expect(r.ok && r.target.internalPort).to.equal(6000);
  });

  it("drops with 'nat-hairpin-off' and creates no mapping when hairpinning is off", () => {
    const t = table({ filtering: 'endpoint-independent', hairpinning: false });
    send(t, 0, Y, S);
    expect(t.hairpin(1, X[0], X[1], EXT_IP, 6000)).to.deep.equal({ ok: false, reason: 'nat-hairpin-off' });
    expect(t.size).to.equal(1);
  });

  it("applies the receiver's filtering: under ADF Y must first have sent to the NAT's own address", () => {
    const t = table({ filtering: 'address-dependent' });
    send(t, 0, Y, S);
    const dropped = t.hairpin(1, X[0], X[1], EXT_IP, 6000);
    expect(dropped).to.deep.include({ ok: false, reason: 'nat-filtered' });
    expect(!dropped.ok && dropped.outbound?.externalPort).to.equal(5000); // X was mapped before the drop
    // Y sends to X's mapped address (hairpinned too): that opens Y's filter for EXT
    expect(t.hairpin(2, Y[0], Y[1], EXT_IP, 5000)).to.include({ ok: true, internalIp: X[0] });
    expect(t.hairpin(3, X[0], X[1], EXT_IP, 6000)).to.include({ ok: true, internalIp: Y[0] });
  });

  it("drops a hairpinned packet to a port no mapping holds with 'nat-no-mapping'", () => {
    const t = table();
    expect(t.hairpin(0, X[0], X[1], EXT_IP, 40000)).to.deep.include({ ok: false, reason: 'nat-no-mapping' });
  });

  it('knows its own external addresses (the node hairpins packets to them)', () => {
    const t = table();
    expect(t.isExternalIp(EXT_IP)).to.equal(true);
    expect(t.isExternalIp(S[0])).to.equal(false);
  });
});
