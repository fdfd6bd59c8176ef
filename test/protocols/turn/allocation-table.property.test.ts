import { expect } from 'chai';
import fc from 'fast-check';
import { AllocationTable } from '../../../src/protocols/turn';
import { s, tuple } from './helpers';

type Op =
  | { kind: 'allocate'; client: number; user: number; lifetimeS: number }
  | { kind: 'refresh'; client: number; user: number; lifetimeS: number }
  | { kind: 'bind'; client: number; user: number; channel: number; peer: number }
  | { kind: 'wait'; seconds: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('allocate' as const), client: fc.nat(5), user: fc.nat(2), lifetimeS: fc.nat(4000) }),
  fc.record({ kind: fc.constant('refresh' as const), client: fc.nat(5), user: fc.nat(2), lifetimeS: fc.nat(4000) }),
  fc.record({
    kind: fc.constant('bind' as const), client: fc.nat(5), user: fc.nat(2),
    channel: fc.integer({ min: 0x3ffe, max: 0x4003 }), peer: fc.nat(3),
  }),
  fc.record({ kind: fc.constant('wait' as const), seconds: fc.integer({ min: 0, max: 900 }) }),
);

describe('turn/allocation-table invariants (property)', () => {
  it('never leaks or double-books relay ports, and reports each allocation end exactly once', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const poolSize = 4;
        const t = new AllocationTable({ relayAddress: '203.0.113.1', relayPorts: { min: 50000, max: 50003 }, userQuota: 3 });
        let now = 0;
        let created = 0;
        let ended = 0;
        for (const o of ops) {
          const ft = tuple(40000 + ('client' in o ? o.client : 0));
          if (o.kind === 'allocate') {
            const r = t.allocate({ fiveTuple: ft, username: `u${o.user}`, lifetimeS: o.lifetimeS }, now);
            if (r.ok && !r.replayed) created++;
            if (!r.ok) expect(r.code).to.be.oneOf([437, 486, 508]);
          } else if (o.kind === 'refresh') {
            const r = t.refresh({ fiveTuple: ft, username: `u${o.user}`, lifetimeS: o.lifetimeS % 3 === 0 ? 0 : o.lifetimeS }, now);
            if (r.ok && r.deleted) ended++;
            if (!r.ok) expect(r.code).to.be.oneOf([437, 441]);
          } else if (o.kind === 'bind') {
            const r = t.channelBind({ fiveTuple: ft, username: `u${o.user}`, channel: o.channel, peer: { address: `192.0.2.${o.peer}`, port: 1 } }, now);
            if (!r.ok) expect(r.code).to.be.oneOf([400, 437, 441]);
          } else {
            const target = now + s(o.seconds);
            for (let at = t.nextExpiry(); at !== undefined && at <= target; at = t.nextExpiry()) {
              expect(at).to.be.at.least(0);
              const events = t.expire(Math.max(at, now));
              ended += events.filter((e) => e.kind === 'allocation').length;
              now = Math.max(at, now);
            }
            now = target;
          }
          ended += t.expire(now).filter((e) => e.kind === 'allocation').length;
          const live = t.list(now);
          expect(t.ports.available + live.length).to.equal(poolSize);
          expect(new Set(live.map((a) => a.relayed.port)).size).to.equal(live.length);
          expect(created - ended).to.equal(live.length);
          for (const a of live) expect(t.countForUser(a.username, now)).to.be.at.most(3);
        }
      }),
      { numRuns: 300 },
    );
  });
});
