/**
 * The NAT node's packet path asks its table for the mapping itself (outboundMapping, inboundMapping and their TCP
 * forms) instead of a result object per packet. These tests hold each to the public call it mirrors: the same
 * mapping, `lastCreated` exactly when outbound() says `created`, and the same refusals.
 */
import { expect } from 'chai';
import { MappingRecord } from '../../src/nat/nat-mapping';
import { TCP_FLAG } from '../../src/net/tcp-header';
import { NatTable } from '../../src/nat';
import { Rng } from '../../src/sim/rng';
import { EXT, P, Q, S, SEC, X, Y, table } from './nat-helpers';

describe('NatTable mapping calls (the NAT node\'s packet path)', () => {
  it('outboundMapping: the mapping outbound() names, lastCreated only for the packet that made it', () => {
    const viaResult = table({ preset: 'port-restricted-cone' });
    const direct = table({ preset: 'port-restricted-cone' });
    const steps: [number, readonly [number, number], readonly [number, number]][] = [
      [0, X, S], [SEC, X, S], [2 * SEC, X, P], [3 * SEC, Y, S], [400 * SEC, X, S], [401 * SEC, X, S],
    ];
    const seen: string[] = [];
    for (const [now, from, to] of steps) {
      const r = viaResult.outbound(now, from[0], from[1], to[0], to[1]);
      const m = direct.outboundMapping(now, from[0], from[1], to[0], to[1]);
      if (!r.ok || !(m instanceof MappingRecord)) throw new Error('no mapping');
      expect([m.externalIp, m.externalPort, m.id]).to.deep.equal([r.externalIp, r.externalPort, r.mapping.id]);
      expect(direct.lastCreated).to.equal(r.created);
      seen.push(`${m.id}${direct.lastCreated ? ' created' : ''}`);
    }
    // X's mapping, refreshed, kept for P (endpoint-independent); Y's own; after 400 s X's first one expired.
    expect(seen).to.deep.equal(['1 created', '1', '1', '2 created', '3 created', '3']);
  });

  it('outboundMapping refuses as outbound() does when no port is left, and says nothing was created', () => {
    const t = table({ preset: 'port-restricted-cone', portRange: [40000, 40000], parity: false });
    expect(t.outboundMapping(0, X[0], X[1], S[0], S[1])).to.be.instanceOf(MappingRecord);
    expect(t.lastCreated).to.equal(true);
    expect(t.outboundMapping(0, Y[0], Y[1], S[0], S[1])).to.deep.equal({ ok: false, reason: 'nat-port-exhausted' });
    expect(t.lastCreated).to.equal(false);
    expect(t.outbound(0, Y[0], Y[1], S[0], S[1])).to.deep.equal({ ok: false, reason: 'nat-port-exhausted' });
  });

  it('inboundMapping: the admitting mapping, or the refusal inbound() gives (filtered, no mapping)', () => {
    const t = table({ preset: 'port-restricted-cone' });
    const out = t.outboundMapping(0, X[0], X[1], S[0], S[1]) as MappingRecord;
    const m = t.inboundMapping(SEC, out.externalIp, out.externalPort, S[0], S[1]);
    expect(m).to.equal(out);
    expect(t.inbound(SEC, out.externalIp, out.externalPort, S[0], S[1])).to.deep.include({ ok: true, internalIp: X[0], internalPort: X[1] });
    expect(t.inboundMapping(SEC, out.externalIp, out.externalPort, Q[0], Q[1])).to.deep.equal({ ok: false, reason: 'nat-filtered' });
    expect(t.inboundMapping(SEC, out.externalIp, out.externalPort + 1, S[0], S[1])).to.deep.equal({ ok: false, reason: 'nat-no-mapping' });
  });

  it('the TCP forms: only a SYN creates (lastCreated), a segment of no connection is refused', () => {
    const tcp = new NatTable({ preset: 'port-restricted-cone', externalIps: [EXT] }, new Rng(2).fork('nat:tcp'), { protocol: 'tcp' });
    expect(tcp.outboundTcpMapping(0, X[0], X[1], S[0], S[1], TCP_FLAG.ACK)).to.deep.equal({ ok: false, reason: 'nat-no-mapping' });
    const syn = tcp.outboundTcpMapping(0, X[0], X[1], S[0], S[1], TCP_FLAG.SYN) as MappingRecord;
    expect(tcp.lastCreated).to.equal(true);
    expect(tcp.outboundTcpMapping(1, X[0], X[1], S[0], S[1], TCP_FLAG.ACK)).to.equal(syn);
    expect(tcp.lastCreated).to.equal(false);
    expect(tcp.inboundTcpMapping(2, syn.externalIp, syn.externalPort, S[0], S[1], TCP_FLAG.SYN | TCP_FLAG.ACK)).to.equal(syn);
    expect(tcp.inboundTcpMapping(3, syn.externalIp, syn.externalPort, S[0], S[1] + 1, TCP_FLAG.ACK)).to.deep.include({ ok: false, reason: 'nat-filtered' });
    expect(tcp.size).to.equal(1);
  });
});
