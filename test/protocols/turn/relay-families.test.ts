import { expect } from 'chai';
import {
  AllocationTable,
  grantFamilies,
  handleAllocate,
  handleChannelBind,
  handleCreatePermission,
  handleRefresh,
  relayAddressSet,
  routeFromPeer,
  TurnConfigError,
  type AllocateRequest,
  type AddressFamily,
  type RelayAddressSet,
} from '../../../src/protocols/turn';
import { s, tuple } from './helpers';

const V4 = '203.0.113.1';
const V6 = '2001:db8::1';
const V4_PEER = { address: '192.0.2.7', port: 4000 };
const V6_PEER = { address: '2001:db8:2::7', port: 4000 };

const table = (relayAddresses: string[]): AllocationTable =>
  new AllocationTable({ relayAddresses, relayPorts: { min: 50000, max: 50009 } });
const udp = (extra: Partial<AllocateRequest> = {}): AllocateRequest => ({
  fiveTuple: tuple(),
  username: 'alice',
  requestedTransport: 17,
  ...extra,
});

describe('turn/relay-families (RFC 8656 §7.1, §7.2)', () => {
  describe('grantFamilies: which relayed families an Allocate gets', () => {
    const dual: RelayAddressSet = { 4: V4, 6: V6 };
    const only4: RelayAddressSet = { 4: V4 };
    const only6: RelayAddressSet = { 6: V6 };
    const rows: [string, AddressFamily | undefined, AddressFamily | undefined, RelayAddressSet, object][] = [
      ['a plain Allocate gets IPv4 (§7.2: no REQUESTED-ADDRESS-FAMILY means IPv4)', undefined, undefined, dual, { ok: true, families: [4] }],
      ['a plain Allocate on an IPv6-only server gets 440', undefined, undefined, only6, { ok: false, code: 440 }],
      ['REQUESTED-ADDRESS-FAMILY IPv6 on a dual-stack server gets IPv6', 6, undefined, dual, { ok: true, families: [6] }],
      ['REQUESTED-ADDRESS-FAMILY IPv6 on an IPv4-only server gets 440', 6, undefined, only4, { ok: false, code: 440 }],
      ['REQUESTED-ADDRESS-FAMILY IPv4 on an IPv6-only server gets 440', 4, undefined, only6, { ok: false, code: 440 }],
      ['REQUESTED-ADDRESS-FAMILY IPv6 on an IPv6-only server gets IPv6', 6, undefined, only6, { ok: true, families: [6] }],
      ['ADDITIONAL-ADDRESS-FAMILY on a dual-stack server gets both, IPv4 first (§7.1)', undefined, 6, dual, { ok: true, families: [4, 6] }],
      ['ADDITIONAL-ADDRESS-FAMILY on an IPv4-only server gets IPv4 and ADDRESS-ERROR-CODE IPv6 440', undefined, 6, only4, { ok: true, families: [4], addressError: { family: 6, code: 440 } }],
      ['ADDITIONAL-ADDRESS-FAMILY on an IPv6-only server gets IPv6 and ADDRESS-ERROR-CODE IPv4 440', undefined, 6, only6, { ok: true, families: [6], addressError: { family: 4, code: 440 } }],
    ];
    for (const [story, requested, additional, relays, want] of rows) {
      it(story, () => {
        expect(grantFamilies(requested, additional, relays)).to.deep.include(want);
      });
    }

    it('names the families the server has in a 440 reason', () => {
      const r = grantFamilies(6, undefined, only4);
      expect(!r.ok && r.reason).to.equal('no IPv6 relay address (this server relays on IPv4)');
    });
  });

  describe('relayAddressSet', () => {
    it('takes one address per family', () => {
      expect(relayAddressSet([V6, V4], 'p')).to.deep.equal({ 4: V4, 6: V6 });
    });
    it('refuses two addresses of one family, naming both', () => {
      expect(() => relayAddressSet([V4, '198.51.100.9'], 'turn.relayAddresses')).to.throw(TurnConfigError, /two IPv4 relay addresses \(203\.0\.113\.1, 198\.51\.100\.9\)/);
    });
    it('refuses an empty list', () => {
      expect(() => relayAddressSet([], 'turn.relayAddresses')).to.throw(TurnConfigError, /turn\.relayAddresses/);
    });
  });

  describe('handleAllocate with relay addresses of both families', () => {
    it('allocates an IPv6 relayed address for REQUESTED-ADDRESS-FAMILY IPv6', () => {
      const r = handleAllocate(table([V4, V6]), udp({ requestedAddressFamily: 6 }), 0);
      expect(r).to.deep.include({ ok: true, relayed: { address: V6, port: 50000 }, relayedAddresses: [{ address: V6, port: 50000 }] });
    });

    it('allocates both families on one port for a dual allocation, with no address error', () => {
      const r = handleAllocate(table([V4, V6]), udp({ additionalAddressFamily: 6 }), 0);
      expect(r.ok && r.relayedAddresses).to.deep.equal([{ address: V4, port: 50000 }, { address: V6, port: 50000 }]);
      expect(r.ok && r.addressError).to.equal(undefined);
      expect(r.ok && r.allocation.isDual).to.equal(true);
    });

    it('answers a plain Allocate on an IPv6-only server with 440 and allocates nothing', () => {
      const t = table([V6]);
      expect(handleAllocate(t, udp(), 0)).to.deep.include({ ok: false, code: 440 });
      expect(t.list(0)).to.deep.equal([]);
      expect(t.ports.available).to.equal(10);
    });
  });

  describe('EVEN-PORT reservations keep their family (§7.2)', () => {
    it('gives the port reserved by an IPv6 allocation to the RESERVATION-TOKEN Allocate as IPv6', () => {
      const t = new AllocationTable({ relayAddresses: [V4, V6], relayPorts: { min: 50000, max: 50009, strategy: 'sequential' } });
      const first = handleAllocate(t, udp({ requestedAddressFamily: 6, evenPort: { reserve: true } }), 0);
      expect(first.ok && first.relayed).to.deep.equal({ address: V6, port: 50000 });
      const token = first.ok ? first.reservationToken : undefined;
      const second = handleAllocate(t, udp({ fiveTuple: tuple(50001), reservationToken: token }), 0);
      expect(second.ok && second.relayedAddresses).to.deep.equal([{ address: V6, port: 50001 }]);
    });

    it('keeps IPv4 for a token reserved by an IPv4 allocation', () => {
      const t = new AllocationTable({ relayAddresses: [V4, V6], relayPorts: { min: 50000, max: 50009, strategy: 'sequential' } });
      const first = handleAllocate(t, udp({ evenPort: { reserve: true } }), 0);
      const token = first.ok ? first.reservationToken : undefined;
      const second = handleAllocate(t, udp({ fiveTuple: tuple(50001), reservationToken: token }), 0);
      expect(second.ok && second.relayedAddresses).to.deep.equal([{ address: V4, port: 50001 }]);
    });
  });

  describe('peers of the other family (443, §10.2, §12.2)', () => {
    const cases: [string, Partial<AllocateRequest>, typeof V4_PEER, number | 'ok'][] = [
      ['an IPv6 peer on an IPv4 allocation', {}, V6_PEER, 443],
      ['an IPv4 peer on an IPv6 allocation', { requestedAddressFamily: 6 }, V4_PEER, 443],
      ['an IPv6 peer on an IPv6 allocation', { requestedAddressFamily: 6 }, V6_PEER, 'ok'],
      ['an IPv4 peer on a dual allocation', { additionalAddressFamily: 6 }, V4_PEER, 'ok'],
      ['an IPv6 peer on a dual allocation', { additionalAddressFamily: 6 }, V6_PEER, 'ok'],
    ];
    for (const [story, req, peer, want] of cases) {
      it(`CreatePermission and ChannelBind for ${story}: ${want}`, () => {
        const t = table([V4, V6]);
        handleAllocate(t, udp(req), 0);
        const perm = handleCreatePermission(t, { fiveTuple: tuple(), username: 'alice', peers: [peer] }, 0);
        const bind = handleChannelBind(t, { fiveTuple: tuple(), username: 'alice', channel: 0x4000, peer }, 0);
        if (want === 'ok') {
          expect([perm, bind]).to.deep.equal([{ ok: true }, { ok: true }]);
          expect(routeFromPeer(t, 50000, peer, 0)).to.deep.include({ ok: true, channel: 0x4000 });
        } else {
          expect(perm).to.deep.include({ ok: false, code: want });
          expect(bind).to.deep.include({ ok: false, code: want });
          expect(t.find(tuple(), 0)?.permissions.size).to.equal(0);
        }
      });
    }

    it('says which families the allocation relays on in the 443 reason', () => {
      const t = table([V4, V6]);
      handleAllocate(t, udp(), 0);
      const r = handleCreatePermission(t, { fiveTuple: tuple(), username: 'alice', peers: [V6_PEER] }, 0);
      expect(!r.ok && r.reason).to.equal('peer [2001:db8:2::7]:4000 is IPv6: the allocation relays on IPv4 only');
    });
  });

  describe('Refresh and families (§8.2)', () => {
    it('answers 443 for a family an IPv6 allocation lacks, and refreshes for its own', () => {
      const t = table([V4, V6]);
      handleAllocate(t, udp({ requestedAddressFamily: 6 }), 0);
      expect(handleRefresh(t, { fiveTuple: tuple(), username: 'alice', requestedAddressFamily: 4 }, 0)).to.deep.include({ ok: false, code: 443 });
      expect(handleRefresh(t, { fiveTuple: tuple(), username: 'alice', requestedAddressFamily: 6, lifetimeS: 1200 }, s(1))).to.deep.equal({ ok: true, lifetimeS: 1200 });
    });

    it('refreshes a dual allocation naming either family, and LIFETIME 0 deletes both relayed addresses (one port)', () => {
      const t = table([V4, V6]);
      handleAllocate(t, udp({ additionalAddressFamily: 6 }), 0);
      expect(handleRefresh(t, { fiveTuple: tuple(), username: 'alice', requestedAddressFamily: 4 }, 0)).to.deep.include({ ok: true });
      expect(handleRefresh(t, { fiveTuple: tuple(), username: 'alice', requestedAddressFamily: 6 }, 0)).to.deep.include({ ok: true });
      const del = handleRefresh(t, { fiveTuple: tuple(), username: 'alice', requestedAddressFamily: 6, lifetimeS: 0 }, s(1));
      expect(del).to.deep.include({ ok: true, lifetimeS: 0 });
      expect(t.list(s(1))).to.deep.equal([]);
      expect(t.ports.isInUse(50000)).to.equal(false);
    });
  });
});
