/** Inspection: snapshot(now) and the trace events a NAT node builds from mappings. */
import { expect } from 'chai';
import { mappingEvent } from '../../src/nat';
import { EXT_IP, P, S, SEC, X, send, table } from './nat-helpers';

describe('NAT table inspection', () => {
  it('shows each mapping with internal, external, bound remote, times and time left', () => {
    const t = table({ mapping: 'address-and-port-dependent', filtering: 'endpoint-independent', portAssignment: 'sequential',
      portRange: [40000, 40100], inboundRefresh: true });
    send(t, 1 * SEC, X, S);
    send(t, 2 * SEC, X, S);
    send(t, 3 * SEC, X, P);
    t.inbound(4 * SEC, EXT_IP, 40002, P[0], P[1]);
    expect(t.snapshot(10 * SEC)).to.deep.equal([
      { id: 1, internal: '10.0.0.2:5000', external: '192.0.2.1:40000', remote: '198.51.100.1:3478', createdAt: 1 * SEC,
        lastRefresh: 2 * SEC, expiresAt: 122 * SEC, timeLeft: 112 * SEC, established: false,
        sentTo: ['198.51.100.1:3478'] },
      { id: 2, internal: '10.0.0.2:5000', external: '192.0.2.1:40002', remote: '203.0.113.9:7000', createdAt: 3 * SEC,
        lastRefresh: 4 * SEC, expiresAt: 124 * SEC, timeLeft: 114 * SEC, established: true,
        sentTo: ['203.0.113.9:7000'] },
    ]);
  });

  it('builds mapping trace events: created carries expiresAt, ADM mappings show the bound address', () => {
    const t = table({ mapping: 'address-dependent' });
    const r = t.outbound(5, X[0], X[1], S[0], S[1]);
    if (!r.ok) throw new Error(r.reason);
    expect(mappingEvent('mapping-created', 5, 'home', r.mapping)).to.deep.equal({
      kind: 'mapping-created', t: 5, node: 'home', internal: '10.0.0.2:5000', external: '192.0.2.1:5000',
      remote: '198.51.100.1', expiresAt: 120 * SEC + 5,
    });
    expect(mappingEvent('mapping-expired', 120 * SEC + 5, 'home', r.mapping)).to.not.have.property('expiresAt');
  });
});
