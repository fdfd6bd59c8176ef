import { expect } from 'chai';
import { Rng } from '../../../src/sim/rng';
import { AllocationTable, TurnConfigError, fiveTupleKey, type TurnExpiry } from '../../../src/protocols/turn';
import { s, tuple } from './helpers';

const PEER = { address: '192.0.2.7', port: 4000 };
const table = (init: Partial<ConstructorParameters<typeof AllocationTable>[0]> = {}): AllocationTable =>
  new AllocationTable({ relayAddress: '203.0.113.1', relayPorts: { min: 50000, max: 50009 }, ...init });

describe('turn/allocation-table (RFC 8656 §6-§12)', () => {
  describe('Allocate (§7.2)', () => {
    it('creates an allocation keyed by 5-tuple with a relay port, username and default lifetime', () => {
      const t = table();
      const r = t.allocate({ fiveTuple: tuple(), username: 'alice' }, 0);
      expect(r.ok).to.equal(true);
      if (!r.ok) return;
      expect(r.lifetimeS).to.equal(600);
      expect(r.allocation.key).to.equal('udp 198.51.100.2:50000 > 203.0.113.1:3478');
      expect(r.allocation.relayed).to.deep.equal({ address: '203.0.113.1', port: 50000 });
      expect(r.allocation.username).to.equal('alice');
      expect(r.allocation.expiresAt).to.equal(s(600));
      expect(t.find(tuple(), s(599))).to.equal(r.allocation);
      expect(t.findByRelayedPort(50000, 0)).to.equal(r.allocation);
    });

    it('grants LIFETIME between default and max, caps it at max, ignores it below default', () => {
      const t = table();
      const lifetimes = [1200, 99999, 10].map((lifetimeS, i) => {
        const r = t.allocate({ fiveTuple: tuple(50000 + i), lifetimeS }, 0);
        return r.ok ? r.lifetimeS : r.code;
      });
      expect(lifetimes).to.deep.equal([1200, 3600, 600]);
    });

    it('answers 437 for a 5-tuple that already has an allocation', () => {
      const t = table();
      t.allocate({ fiveTuple: tuple(), transactionId: 'a' }, 0);
      expect(t.allocate({ fiveTuple: tuple(), transactionId: 'b' }, s(1))).to.deep.include({ ok: false, code: 437 });
    });

    it('answers a retransmitted Allocate (same transaction id) with the same allocation again', () => {
      const t = table();
      const first = t.allocate({ fiveTuple: tuple(), transactionId: 'tx1' }, 0);
      const again = t.allocate({ fiveTuple: tuple(), transactionId: 'tx1' }, s(1.5));
      expect(again).to.deep.include({ ok: true, replayed: true, lifetimeS: 599 });
      expect(again.ok && first.ok && again.allocation === first.allocation).to.equal(true);
    });

    it('allows a new allocation on a 5-tuple whose allocation expired, even before expire() ran', () => {
      const t = table();
      t.allocate({ fiveTuple: tuple() }, 0);
      expect(t.allocate({ fiveTuple: tuple() }, s(600))).to.deep.include({ ok: true, replayed: false });
      expect(t.expire(s(600)).map((e) => [e.kind, e.at])).to.deep.equal([['allocation', s(600)]]);
    });

    it('answers 486 once a username reaches its quota, counting only that user', () => {
      const t = table({ userQuota: 2 });
      t.allocate({ fiveTuple: tuple(1), username: 'alice' }, 0);
      t.allocate({ fiveTuple: tuple(2), username: 'alice' }, 0);
      expect(t.allocate({ fiveTuple: tuple(3), username: 'alice' }, 0)).to.deep.include({ ok: false, code: 486 });
      expect(t.allocate({ fiveTuple: tuple(4), username: 'bob' }, 0)).to.deep.include({ ok: true });
      expect(t.countForUser('alice', 0)).to.equal(2);
    });

    it('frees quota when an allocation expires or is deleted', () => {
      const t = table({ userQuota: 1 });
      t.allocate({ fiveTuple: tuple(1), username: 'alice' }, 0);
      expect(t.allocate({ fiveTuple: tuple(2), username: 'alice' }, s(600))).to.deep.include({ ok: true });
      t.refresh({ fiveTuple: tuple(2), username: 'alice', lifetimeS: 0 }, s(601));
      expect(t.allocate({ fiveTuple: tuple(3), username: 'alice' }, s(602))).to.deep.include({ ok: true });
    });

    it('answers 508 when the relay port pool is exhausted, and succeeds again once a port is freed', () => {
      const t = table({ relayPorts: { min: 50000, max: 50001 } });
      t.allocate({ fiveTuple: tuple(1) }, 0);
      t.allocate({ fiveTuple: tuple(2) }, s(100));
      const r = t.allocate({ fiveTuple: tuple(3) }, s(200));
      expect(r).to.deep.include({ ok: false, code: 508 });
      expect(!r.ok && r.reason).to.match(/no free relay port in 50000-50001/);
      const again = t.allocate({ fiveTuple: tuple(3) }, s(600));
      expect(again.ok && again.allocation.relayed.port).to.equal(50000);
    });

    it('answers 508 over the total allocation limit', () => {
      const t = table({ maxAllocations: 1 });
      t.allocate({ fiveTuple: tuple(1) }, 0);
      expect(t.allocate({ fiveTuple: tuple(2) }, 0)).to.deep.include({ ok: false, code: 508 });
    });

    it('draws relay ports from the RandomSource deterministically', () => {
      const ports = (seed: number): number[] => {
        const t = new AllocationTable({ relayAddress: '203.0.113.1', random: new Rng(seed, 'turn-server') });
        return [1, 2, 3].map((p) => {
          const r = t.allocate({ fiveTuple: tuple(p) }, 0);
          return r.ok ? r.allocation.relayed.port : -1;
        });
      };
      expect(ports(7)).to.deep.equal(ports(7));
      expect(ports(7)).to.not.deep.equal(ports(8));
      expect(ports(7).every((p) => p >= 49152 && p <= 65535)).to.equal(true);
    });

    it('reserves port N+1 for EVEN-PORT R=1 and hands it to the Allocate carrying the token', () => {
      const t = table();
      const first = t.allocate({ fiveTuple: tuple(1), evenPort: { reserve: true } }, 0);
      expect(first.ok && first.allocation.relayed.port % 2).to.equal(0);
      const token = first.ok ? (first.reservationToken as string) : '';
      expect(token).to.match(/^[0-9a-f]{16}$/);
      const second = t.allocate({ fiveTuple: tuple(2), reservationToken: token }, s(10));
      expect(second.ok && second.allocation.relayed.port).to.equal(first.ok ? first.allocation.relayed.port + 1 : -1);
      expect(t.allocate({ fiveTuple: tuple(3), reservationToken: token }, s(11))).to.deep.include({ ok: false, code: 508 });
    });

    it('lets an unclaimed reservation lapse after 30 s and returns its port to the pool', () => {
      const t = table({ relayPorts: { min: 50000, max: 50001 } });
      const first = t.allocate({ fiveTuple: tuple(1), evenPort: { reserve: true } }, 0);
      const token = first.ok ? (first.reservationToken as string) : '';
      expect(t.allocate({ fiveTuple: tuple(2) }, s(1))).to.deep.include({ ok: false, code: 508 });
      expect(t.nextExpiry()).to.equal(s(30));
      expect(t.expire(s(30))).to.deep.equal([{ kind: 'reservation', token, port: 50001, at: s(30) }]);
      expect(t.allocate({ fiveTuple: tuple(3), reservationToken: token }, s(31))).to.deep.include({ code: 508 });
      expect(t.allocate({ fiveTuple: tuple(2) }, s(31))).to.deep.include({ ok: true });
    });

    it('answers 508 when no even port is free for EVEN-PORT', () => {
      const t = table({ relayPorts: { min: 50001, max: 50001 } });
      const r = t.allocate({ fiveTuple: tuple(1), evenPort: { reserve: false } }, 0);
      expect(r).to.deep.include({ ok: false, code: 508 });
    });

    it('rejects bad configuration with TurnConfigError naming the setting', () => {
      expect(() => new AllocationTable({ relayAddress: '' })).to.throw(TurnConfigError, /turn\.relayAddress/);
      expect(() => table({ userQuota: 0 })).to.throw(TurnConfigError, /turn\.userQuota/);
      expect(() => table({ reservationLifetimeS: 10 })).to.throw(TurnConfigError, /reservationLifetimeS/);
      expect(() => table({ lifetime: { maxS: 100 } })).to.throw(TurnConfigError, /turn\.lifetime\.maxS/);
    });
  });

  describe('Refresh (§8.2)', () => {
    it('resets the expiry to the desired lifetime from now', () => {
      const t = table();
      t.allocate({ fiveTuple: tuple(), username: 'alice' }, 0);
      expect(t.refresh({ fiveTuple: tuple(), username: 'alice' }, s(500))).to.deep.include({ ok: true, lifetimeS: 600 });
      expect(t.find(tuple(), s(1099))?.expiresAt).to.equal(s(1100));
      expect(t.refresh({ fiveTuple: tuple(), username: 'alice', lifetimeS: 1800 }, s(600))).to.deep.include({ lifetimeS: 1800 });
    });

    it('deletes the allocation with LIFETIME 0, frees its port and describes what went with it', () => {
      const t = table();
      t.allocate({ fiveTuple: tuple(), username: 'alice' }, 0);
      t.createPermission({ fiveTuple: tuple(), username: 'alice', peerIps: ['192.0.2.7'] }, s(1));
      t.channelBind({ fiveTuple: tuple(), username: 'alice', channel: 0x4000, peer: PEER }, s(2));
      const r = t.refresh({ fiveTuple: tuple(), username: 'alice', lifetimeS: 0 }, s(10));
      expect(r).to.deep.include({ ok: true, lifetimeS: 0 });
      expect(r.ok && r.deleted).to.deep.include({
        kind: 'allocation', cause: 'deleted', at: s(10), permissions: ['192.0.2.7'],
        channels: [{ channel: 0x4000, peer: PEER }],
      });
      expect(t.find(tuple(), s(10))).to.equal(undefined);
      expect(t.ports.isInUse(50000)).to.equal(false);
      expect(t.refresh({ fiveTuple: tuple(), username: 'alice', lifetimeS: 0 }, s(11))).to.deep.include({ code: 437 });
    });

    it('answers 437 without an allocation, including one that just expired', () => {
      const t = table();
      expect(t.refresh({ fiveTuple: tuple() }, 0)).to.deep.include({ ok: false, code: 437 });
      t.allocate({ fiveTuple: tuple() }, 0);
      expect(t.refresh({ fiveTuple: tuple() }, s(600))).to.deep.include({ ok: false, code: 437 });
    });

    it('answers 441 when another username refreshes the allocation', () => {
      const t = table();
      t.allocate({ fiveTuple: tuple(), username: 'alice' }, 0);
      expect(t.refresh({ fiveTuple: tuple(), username: 'mallory' }, s(1))).to.deep.include({ ok: false, code: 441 });
      expect(t.find(tuple(), s(1))?.expiresAt).to.equal(s(600));
    });
  });

  describe('CreatePermission and ChannelBind (§10.2, §12.2)', () => {
    it('installs permissions for every peer IP, ignoring ports', () => {
      const t = table();
      t.allocate({ fiveTuple: tuple() }, 0);
      const r = t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7', '192.0.2.8'] }, s(5));
      expect(r.ok && r.installed.map((i) => [i.peerIp, i.outcome, i.expiresAt])).to.deep.equal([
        ['192.0.2.7', 'created', s(305)],
        ['192.0.2.8', 'created', s(305)],
      ]);
    });

    it('answers 437 without an allocation and 441 for another username', () => {
      const t = table();
      expect(t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7'] }, 0)).to.deep.include({ code: 437 });
      expect(t.channelBind({ fiveTuple: tuple(), channel: 0x4000, peer: PEER }, 0)).to.deep.include({ code: 437 });
      t.allocate({ fiveTuple: tuple(), username: 'alice' }, 0);
      expect(t.createPermission({ fiveTuple: tuple(), username: 'bob', peerIps: ['192.0.2.7'] }, 0)).to.deep.include({ code: 441 });
      expect(t.channelBind({ fiveTuple: tuple(), username: 'bob', channel: 0x4000, peer: PEER }, 0)).to.deep.include({ code: 441 });
      expect(t.createPermission({ fiveTuple: tuple(), peerIps: ['192.0.2.7'] }, 0)).to.deep.include({ code: 441 });
    });

    it('ChannelBind installs or refreshes the peer permission too', () => {
      const t = table();
      t.allocate({ fiveTuple: tuple() }, 0);
      const r = t.channelBind({ fiveTuple: tuple(), channel: 0x4000, peer: PEER }, s(10));
      expect(r).to.deep.include({ ok: true, outcome: 'created', expiresAt: s(610) });
      expect(r.ok && r.permission).to.deep.equal({ outcome: 'created', expiresAt: s(310) });
      const again = t.channelBind({ fiveTuple: tuple(), channel: 0x4000, peer: PEER }, s(250));
      expect(again.ok && [again.outcome, again.permission.outcome, again.permission.expiresAt]).to.deep.equal([
        'refreshed', 'refreshed', s(550),
      ]);
    });

    it('a failed ChannelBind installs no permission', () => {
      const t = table();
      t.allocate({ fiveTuple: tuple() }, 0);
      t.channelBind({ fiveTuple: tuple(), channel: 0x4000, peer: PEER }, 0);
      const other = { address: '192.0.2.99', port: 1 };
      expect(t.channelBind({ fiveTuple: tuple(), channel: 0x4000, peer: other }, 0)).to.deep.include({ code: 400 });
      expect(t.find(tuple(), 0)?.permissions.has('192.0.2.99', 0)).to.equal(false);
    });

    it('keeps channel numbers per allocation: the same number may be bound in another allocation', () => {
      const t = table({ maxChannelsPerAllocation: 1 });
      t.allocate({ fiveTuple: tuple(1) }, 0);
      t.allocate({ fiveTuple: tuple(2) }, 0);
      t.channelBind({ fiveTuple: tuple(1), channel: 0x4000, peer: PEER }, 0);
      expect(t.channelBind({ fiveTuple: tuple(2), channel: 0x4000, peer: { ...PEER, port: 9 } }, 0)).to.deep.include({ ok: true });
      expect(t.channelBind({ fiveTuple: tuple(1), channel: 0x4001, peer: { ...PEER, port: 9 } }, 0)).to.deep.include({ code: 508 });
    });
  });

  describe('expiry (§6, §9, §12)', () => {
    function scenario(): AllocationTable {
      const t = table();
      t.allocate({ fiveTuple: tuple(), username: 'alice' }, 0);
      t.createPermission({ fiveTuple: tuple(), username: 'alice', peerIps: ['192.0.2.9'] }, 0);
      t.channelBind({ fiveTuple: tuple(), username: 'alice', channel: 0x4000, peer: PEER }, s(100));
      return t;
    }
    const brief = (e: TurnExpiry): string =>
      `${e.kind}@${e.at / 1000}` + ('peerIp' in e ? `:${e.peerIp}` : '') + ('channel' in e ? `:${e.channel}` : '');

    it('walks nextExpiry() through each exact expiry time, reporting each item once', () => {
      const t = scenario();
      const seen: string[] = [];
      for (let at = t.nextExpiry(); at !== undefined; at = t.nextExpiry()) {
        seen.push(...t.expire(at).map(brief));
        if (seen.length > 20) break;
      }
      expect(seen).to.deep.equal([
        'permission@300:192.0.2.9',
        'permission@400:192.0.2.7',
        'allocation@600',
      ]);
    });

    it('reports the channel and its hold release when the allocation outlives them', () => {
      const t = scenario();
      t.refresh({ fiveTuple: tuple(), username: 'alice', lifetimeS: 3600 }, s(10));
      const kinds = [s(700), s(1000)].flatMap((at) => t.expire(at).map(brief));
      expect(kinds).to.deep.equal([
        'permission@300:192.0.2.9',
        'permission@400:192.0.2.7',
        'channel@700:16384',
        'channel-hold-released@1000:16384',
      ]);
    });

    it('lists what was still live when an allocation expires, and frees its relay port', () => {
      const t = scenario();
      t.createPermission({ fiveTuple: tuple(), username: 'alice', peerIps: ['192.0.2.7', '192.0.2.9'] }, s(500));
      const events = t.expire(s(600));
      const alloc = events.find((e) => e.kind === 'allocation');
      expect(alloc).to.deep.include({
        cause: 'expired', username: 'alice', key: fiveTupleKey(tuple()),
        permissions: ['192.0.2.9', '192.0.2.7'], channels: [{ channel: 0x4000, peer: PEER }],
      });
      expect(t.ports.isInUse(50000)).to.equal(false);
      expect(t.nextExpiry()).to.equal(undefined);
      expect(t.list(s(600))).to.deep.equal([]);
    });

    it('does not refresh anything when nothing but time passes before expiry', () => {
      const t = scenario();
      expect(t.expire(s(299))).to.deep.equal([]);
      expect(t.nextExpiry()).to.equal(s(300));
    });
  });
});
