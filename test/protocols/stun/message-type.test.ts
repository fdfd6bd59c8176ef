/** Message type bits (RFC 8489 §5) for every registered method and class (protocol-facts §2 table). */
import { expect } from 'chai';
import { decodeMessageType, encodeMessageType, methodName, StunClass, StunMethod } from '../../../src/protocols/stun';

const table: [keyof typeof StunMethod, StunClass, number][] = [
  ['Binding', 'request', 0x0001],
  ['Binding', 'indication', 0x0011],
  ['Binding', 'success', 0x0101],
  ['Binding', 'error', 0x0111],
  ['Allocate', 'request', 0x0003],
  ['Allocate', 'success', 0x0103],
  ['Allocate', 'error', 0x0113],
  ['Refresh', 'request', 0x0004],
  ['Refresh', 'success', 0x0104],
  ['Refresh', 'error', 0x0114],
  ['Send', 'indication', 0x0016],
  ['Data', 'indication', 0x0017],
  ['CreatePermission', 'request', 0x0008],
  ['CreatePermission', 'success', 0x0108],
  ['CreatePermission', 'error', 0x0118],
  ['ChannelBind', 'request', 0x0009],
  ['ChannelBind', 'success', 0x0109],
  ['ChannelBind', 'error', 0x0119],
  ['Connect', 'request', 0x000a],
  ['ConnectionBind', 'request', 0x000b],
  ['ConnectionAttempt', 'indication', 0x001c],
];

describe('message type encoding', () => {
  for (const [method, cls, type] of table) {
    it(`maps ${method} ${cls} to 0x${type.toString(16).padStart(4, '0')} and back`, () => {
      expect(encodeMessageType(cls, StunMethod[method])).to.equal(type);
      expect(decodeMessageType(type)).to.deep.equal({ class: cls, method: StunMethod[method] });
    });
  }

  it('spreads the high method bits around the class bits for method 0xFFF', () => {
    expect(encodeMessageType('request', 0xfff)).to.equal(0x3eef);
    expect(encodeMessageType('error', 0xfff)).to.equal(0x3fff);
    expect(decodeMessageType(0x3fff)).to.deep.equal({ class: 'error', method: 0xfff });
  });

  it('round-trips every 14-bit type', () => {
    for (let t = 0; t < 0x4000; t++) {
      const { class: c, method } = decodeMessageType(t);
      if (encodeMessageType(c, method) !== t) throw new Error(`type 0x${t.toString(16)} does not round-trip`);
    }
  });

  it('names registered methods and shows others in hex', () => {
    expect(methodName(StunMethod.ChannelBind)).to.equal('ChannelBind');
    expect(methodName(0x0ab)).to.equal('0x0ab');
  });
});
