import { expect } from 'chai';
import * as fc from 'fast-check';
import { labelPayload } from '../../src/report/packet-label';
import { RFC5769_REQUEST, RFC5769_RESPONSE, channelData, errorCode, stunMessage } from './support/stun-bytes';

describe('report/packet-label', () => {
  const cases: [string, Uint8Array, string, string][] = [
    ['RFC 5769 2.1 sample request', RFC5769_REQUEST, 'stun', 'Binding request'],
    ['RFC 5769 2.2 sample response', RFC5769_RESPONSE, 'stun', 'Binding success'],
    ['a Binding indication (keepalive)', stunMessage(0x0011, 1), 'stun', 'Binding indication'],
    ['an Allocate error response with ERROR-CODE 401', stunMessage(0x0113, 1, [errorCode(401, 'Unauthorized')]), 'turn', 'Allocate 401'],
    ['a Refresh error response with 437', stunMessage(0x0114, 1, [errorCode(437, 'Allocation Mismatch')]), 'turn', 'Refresh 437'],
    ['an error response without ERROR-CODE', stunMessage(0x0118, 1), 'turn', 'CreatePermission error'],
    ['a Send indication', stunMessage(0x0016, 1), 'turn', 'Send indication'],
    ['a ChannelBind success', stunMessage(0x0109, 1), 'turn', 'ChannelBind success'],
    ['an unknown method', stunMessage(0x0022, 1), 'turn', 'method 0x012 request'],
    ['TURN ChannelData on channel 0x4000', channelData(0x4000, Buffer.from('hi')), 'channel-data', 'ChannelData 0x4000'],
    ['TURN ChannelData on channel 0x4ffe', channelData(0x4ffe, new Uint8Array(100)), 'channel-data', 'ChannelData 0x4ffe'],
    ['short printable text', new Uint8Array(Buffer.from('hello')), 'data', '"hello"'],
    ['binary data', new Uint8Array([0x80, 1, 2, 3, 4]), 'data', 'data 5 B'],
    ['an empty datagram', new Uint8Array(0), 'data', 'data 0 B'],
    ['20 bytes that look like STUN without the magic cookie', new Uint8Array(20).fill(1), 'data', 'data 20 B'],
  ];
  for (const [story, bytes, kind, text] of cases) {
    it(`labels ${story} as ${text}`, () => {
      expect(labelPayload(bytes)).to.deep.equal({ kind, text });
    });
  }

  it('never throws on hostile bytes, and walks attributes only inside the message', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (tail) => {
      const b = new Uint8Array(20 + tail.length);
      b.set([0x01, 0x13, 0xff, 0xff, 0x21, 0x12, 0xa4, 0x42]);
      b.set(tail, 20);
      const label = labelPayload(b);
      expect(label.text.startsWith('Allocate')).to.equal(true);
      expect(() => labelPayload(tail)).not.to.throw();
    }));
  });
});
