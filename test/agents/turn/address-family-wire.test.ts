/**
 * The TURN server's address-family attributes on the wire (RFC 8656 §7.2, §18.10-§18.12), with a raw client on a
 * dual-stack network: two XOR-RELAYED-ADDRESS for a dual allocation, ADDRESS-ERROR-CODE for a family the server
 * lacks, and coturn 4.6's draft code points 0x8032/0x8033 when legacyAddressFamilyAttributes is on.
 */
import { expect } from 'chai';
import { StunMethod, type DecodedStunMessage, type StunMessage } from '../../../src/protocols/stun';
import { TurnServer } from '../../../src/agents/turn/turn-server';
import type { TurnServerInit } from '../../../src/agents/turn/server-config';
import { LEGACY_ADDITIONAL_ADDRESS_FAMILY, LEGACY_ADDRESS_ERROR_CODE } from '../../../src/agents/turn/legacy-family-attributes';
import { World } from '../../../src/net/world';
import { codeOf, RawClient, type RawAuth } from './helpers';

const V4 = '203.0.113.1';
const V6 = '2001:db8::1';

function setup(init: Partial<TurnServerInit>) {
  const w = new World({ seed: 5 });
  w.network('net', ['203.0.113.0/24', '2001:db8::/64'], { latency: 5 });
  w.host('turn', { ifaces: [{ network: 'net', ip: [V4, V6] }] });
  w.host('alice', { ifaces: [{ network: 'net', ip: ['203.0.113.10', '2001:db8::10'] }] });
  new TurnServer(w.getHost('turn').env('turn-server'), { realm: 'sim.test', users: { alice: 'secret' }, listenAddress: V4, ...init }).start();
  w.runFor(1);
  const c = new RawClient(w, w.getHost('alice'), 5000, { address: V4, port: 3478 });
  const auth: RawAuth = { username: 'alice', password: 'secret', nonce: c.nonce() };
  return { c, auth };
}

const allocate = (c: RawClient): StunMessage => c.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17);
const relayed = (r: DecodedStunMessage): string[] => r.getAll('XOR-RELAYED-ADDRESS').map((a) => `${a.family}:${a.address}:${a.port}`);
const raw = (r: DecodedStunMessage, type: number): string[] =>
  r.attributes.filter((a) => a.name === undefined && a.type === type).map((a) => Buffer.from(a.value as Uint8Array).toString('hex'));

describe('TURN server: address-family attributes on the wire (RFC 8656 §7.2, §18.10-§18.12)', () => {
  it('answers ADDITIONAL-ADDRESS-FAMILY on a dual-stack server with two XOR-RELAYED-ADDRESS, IPv4 first, one port', () => {
    const { c, auth } = setup({ relayAddresses: [V4, V6] });
    const r = c.call(allocate(c).add('ADDITIONAL-ADDRESS-FAMILY', 6), auth);
    expect(codeOf(r)).to.equal(undefined);
    const [a4, a6] = r.getAll('XOR-RELAYED-ADDRESS');
    expect([a4.family, a4.address, a6.family, a6.address]).to.deep.equal([4, V4, 6, V6]);
    expect(a6.port, 'one relayed port on both relay addresses').to.equal(a4.port);
    expect(r.has('ADDRESS-ERROR-CODE')).to.equal(false);
  });

  it('answers ADDITIONAL-ADDRESS-FAMILY on an IPv4-only server with the IPv4 address and ADDRESS-ERROR-CODE IPv6 440', () => {
    const { c, auth } = setup({});
    const r = c.call(allocate(c).add('ADDITIONAL-ADDRESS-FAMILY', 6), auth);
    expect(relayed(r)).to.have.length(1);
    expect(r.get('ADDRESS-ERROR-CODE')).to.deep.equal({ family: 6, code: 440, reason: 'Address Family not Supported' });
  });

  it('allocates an IPv6 relayed address for REQUESTED-ADDRESS-FAMILY IPv6 from a client on IPv4', () => {
    const { c, auth } = setup({ relayAddresses: [V4, V6] });
    const r = c.call(allocate(c).add('REQUESTED-ADDRESS-FAMILY', 6), auth);
    expect(r.getAll('XOR-RELAYED-ADDRESS').map((a) => [a.family, a.address])).to.deep.equal([[6, V6]]);
    expect(r.get('XOR-MAPPED-ADDRESS')?.address).to.equal('203.0.113.10');
  });

  describe("coturn 4.6's draft code points (legacyAddressFamilyAttributes)", () => {
    const legacyDual = (c: RawClient): StunMessage => allocate(c).addRaw(LEGACY_ADDITIONAL_ADDRESS_FAMILY, Uint8Array.of(2, 0, 0, 0));

    it('reads 0x8032 as ADDITIONAL-ADDRESS-FAMILY when on: a dual allocation', () => {
      const { c, auth } = setup({ relayAddresses: [V4, V6], legacyAddressFamilyAttributes: true });
      expect(relayed(c.call(legacyDual(c), auth))).to.have.length(2);
    });

    it('ignores 0x8032 (comprehension-optional) when off: an IPv4 allocation only', () => {
      const { c, auth } = setup({ relayAddresses: [V4, V6] });
      const r = c.call(legacyDual(c), auth);
      expect(r.getAll('XOR-RELAYED-ADDRESS').map((a) => a.address)).to.deep.equal([V4]);
    });

    it('answers a refused family at 0x8033 (family, class 4, number 40, reason) to a client that asked at 0x8032', () => {
      const { c, auth } = setup({ legacyAddressFamilyAttributes: true });
      const r = c.call(legacyDual(c), auth);
      expect(raw(r, LEGACY_ADDRESS_ERROR_CODE)).to.deep.equal([`02000428${Buffer.from('Address Family not Supported').toString('hex')}`]);
      expect(r.has('ADDRESS-ERROR-CODE')).to.equal(false);
    });
  });
});
