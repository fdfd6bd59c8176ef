/**
 * The nine RFC 4787 mapping x filtering combinations, table-driven (Tailscale-style: a short story per row).
 * Inside host X = 10.0.0.2:5000. Outside: S = 198.51.100.1:3478 (a STUN server), S2 = the same address port
 * 3479, P = 203.0.113.9:7000 (a peer), Q = a stranger nobody contacted. Filtering is judged per mapping
 * (the default filteringScope).
 */
import { expect } from 'chai';
import { FilteringBehavior, InboundDropReason, MappingBehavior } from '../../src/nat';
import { Ep, EXT_IP, P, Q, S, S2, X, send, table } from './nat-helpers';

const EIM = 'endpoint-independent';
const ADM = 'address-dependent';
const APDM = 'address-and-port-dependent';

interface Row {
  story: string;
  mapping: MappingBehavior;
  filtering: FilteringBehavior;
  /** Outbound packets from X, in order, one second apart. */
  sends: Ep[];
  /** Distinct mappings (external ports) those packets use. */
  mappings: number;
  /** The inbound packet: from whom, to the external address used by sends[to] (or a port nobody holds). */
  from: Ep;
  to: number | 'unused';
  expect: 'admitted' | InboundDropReason;
}

const rows: Row[] = [
  { story: 'full cone: once X is mapped, a stranger may send to it', mapping: EIM, filtering: EIM,
    sends: [S, P], mappings: 1, from: Q, to: 0, expect: 'admitted' },
  { story: 'full cone still needs a mapping: a port nobody holds is dropped', mapping: EIM, filtering: EIM,
    sends: [S], mappings: 1, from: Q, to: 'unused', expect: 'nat-no-mapping' },
  { story: 'restricted cone admits the STUN server from another port (address matched)', mapping: EIM, filtering: ADM,
    sends: [S, P], mappings: 1, from: S2, to: 0, expect: 'admitted' },
  { story: 'restricted cone drops a stranger X never sent to', mapping: EIM, filtering: ADM,
    sends: [S], mappings: 1, from: Q, to: 0, expect: 'nat-filtered' },
  { story: 'port-restricted cone admits P after X sent to P through the same (EIM) mapping', mapping: EIM,
    filtering: APDM, sends: [S, P], mappings: 1, from: P, to: 0, expect: 'admitted' },
  { story: 'port-restricted cone drops the STUN server answering from its other port', mapping: EIM, filtering: APDM,
    sends: [S], mappings: 1, from: S2, to: 0, expect: 'nat-filtered' },
  { story: 'ADM reuses the mapping for another port of the same address; EIF then admits anyone', mapping: ADM,
    filtering: EIM, sends: [S, S2], mappings: 1, from: Q, to: 0, expect: 'admitted' },
  { story: 'ADM makes a second mapping for a new address; EIF admits a stranger on it', mapping: ADM, filtering: EIM,
    sends: [S, P], mappings: 2, from: Q, to: 1, expect: 'admitted' },
  { story: 'ADM + ADF admits the mapped address from any port', mapping: ADM, filtering: ADM,
    sends: [S], mappings: 1, from: S2, to: 0, expect: 'admitted' },
  { story: "ADM + ADF drops P on S's mapping: P was sent to only through the other mapping", mapping: ADM,
    filtering: ADM, sends: [S, P], mappings: 2, from: P, to: 0, expect: 'nat-filtered' },
  { story: 'ADM + APDF admits S2 after X sent to S2 (same mapping, exact endpoint)', mapping: ADM, filtering: APDM,
    sends: [S, S2], mappings: 1, from: S2, to: 0, expect: 'admitted' },
  { story: 'ADM + APDF drops S2 when X only sent to S', mapping: ADM, filtering: APDM,
    sends: [S], mappings: 1, from: S2, to: 0, expect: 'nat-filtered' },
  { story: 'APDM makes a mapping per remote port; EIF admits a stranger on the first', mapping: APDM, filtering: EIM,
    sends: [S, S2], mappings: 2, from: Q, to: 0, expect: 'admitted' },
  { story: 'APDM + EIF: a port nobody holds is dropped', mapping: APDM, filtering: EIM,
    sends: [S], mappings: 1, from: Q, to: 'unused', expect: 'nat-no-mapping' },
  { story: "APDM + ADF admits S2 on S's mapping: same address", mapping: APDM, filtering: ADM,
    sends: [S, S2], mappings: 2, from: S2, to: 0, expect: 'admitted' },
  { story: "APDM + ADF drops P on S's mapping", mapping: APDM, filtering: ADM,
    sends: [S, P], mappings: 2, from: P, to: 0, expect: 'nat-filtered' },
  { story: 'symmetric NAT admits the exact remote it mapped for', mapping: APDM, filtering: APDM,
    sends: [S], mappings: 1, from: S, to: 0, expect: 'admitted' },
  { story: "symmetric NAT drops S2 on S's mapping even though X sent to S2 (through another mapping)", mapping: APDM,
    filtering: APDM, sends: [S, S2], mappings: 2, from: S2, to: 0, expect: 'nat-filtered' },
];

describe('NAT mapping x filtering matrix (RFC 4787 §4.1, §5)', () => {
  it('covers all nine mapping x filtering combinations', () => {
    expect(new Set(rows.map((r) => `${r.mapping}/${r.filtering}`)).size).to.equal(9);
  });

  for (const row of rows) {
    it(`${row.mapping} mapping, ${row.filtering} filtering: ${row.story}`, () => {
      const t = table({ mapping: row.mapping, filtering: row.filtering });
      const ports = row.sends.map((to, i) => send(t, i * 1_000_000, X, to));
      expect(new Set(ports).size, 'distinct mappings').to.equal(row.mappings);
      expect(t.size).to.equal(row.mappings);
      const port = row.to === 'unused' ? 40000 : ports[row.to];
      const r = t.inbound(10_000_000, EXT_IP, port, row.from[0], row.from[1]);
      if (row.expect === 'admitted') {
        expect(r).to.include({ ok: true, internalIp: X[0], internalPort: X[1] });
      } else {
        expect(r).to.deep.equal({ ok: false, reason: row.expect });
      }
    });
  }
});
