/** The StunMessage builder: typed adds, validation errors that name the attribute, response helpers. */
import { expect } from 'chai';
import {
  decode,
  encode,
  StunEncodeError,
  StunErrorCode,
  StunMessage,
  StunAddress,
  StunMethod,
} from '../../../src/protocols/stun';
import { hex, toHex } from './hex';

const TXID = hex('b7e7a701bc34d686fa87dfae');

describe('StunMessage builder', () => {
  it('builds a Binding success response carrying the mapped address', () => {
    const request = new StunMessage('request', StunMethod.Binding, TXID);
    const response = StunMessage.successResponse(request)
      .add('XOR-MAPPED-ADDRESS', { family: 4, address: '203.0.113.5', port: 54321 })
      .add('SOFTWARE', 'natsim');
    expect(response.class).to.equal('success');
    expect(toHex(encode(response))).to.equal(
      `01010018 2112a442 ${toHex(TXID)} 00200008 0001f523ea12d547 80220006 6e617473696d0000`.replace(/\s+/g, ''),
    );
  });

  it('builds an error response with the default reason phrase', () => {
    const request = new StunMessage('request', StunMethod.Allocate, TXID);
    const response = StunMessage.errorResponse(request, StunErrorCode.AllocationMismatch);
    expect(response.method).to.equal(StunMethod.Allocate);
    expect(response.get('ERROR-CODE')).to.deep.equal({ code: 437, reason: 'Allocation Mismatch' });
  });

  it('adds flag attributes without a value', () => {
    const msg = new StunMessage('request', 1, TXID).add('USE-CANDIDATE').add('DONT-FRAGMENT', true);
    expect(msg.get('USE-CANDIDATE')).to.equal(true);
    expect(msg.get('DONT-FRAGMENT')).to.equal(true);
  });

  it('copies the transaction id given to the constructor', () => {
    const id = Uint8Array.from(TXID);
    const msg = new StunMessage('request', 1, id);
    id.fill(0);
    expect(toHex(msg.transactionId)).to.equal(toHex(TXID));
  });

  const invalid: { story: string; build: () => unknown; where: string; mentions: string }[] = [
    { story: 'an 11-byte transaction id', build: () => new StunMessage('request', 1, new Uint8Array(11)), where: 'header', mentions: '12 bytes' },
    { story: 'a 13-bit method', build: () => new StunMessage('request', 0x1000, TXID), where: 'header', mentions: '0xFFF' },
    { story: 'an unknown class', build: () => new StunMessage('reply' as never, 1, TXID), where: 'header', mentions: 'indication' },
    {
      story: 'an IPv6 text under family 4',
      build: () => new StunMessage('success', 1, TXID).add('XOR-MAPPED-ADDRESS', { family: 4, address: '::1', port: 1 }),
      where: 'XOR-MAPPED-ADDRESS',
      mentions: 'IPv4',
    },
    {
      story: 'a port above 65535',
      build: () => new StunMessage('success', 1, TXID).add('MAPPED-ADDRESS', { family: 4, address: '1.2.3.4', port: 70000 }),
      where: 'MAPPED-ADDRESS',
      mentions: '0..65535',
    },
    {
      story: 'error code 200',
      build: () => new StunMessage('error', 1, TXID).add('ERROR-CODE', { code: 200, reason: 'OK' }),
      where: 'ERROR-CODE',
      mentions: '300..699',
    },
    {
      story: 'a 128-character reason phrase',
      build: () => new StunMessage('error', 1, TXID).add('ERROR-CODE', { code: 400, reason: 'x'.repeat(128) }),
      where: 'ERROR-CODE',
      mentions: '127 characters',
    },
    {
      story: 'a 513-byte USERNAME',
      build: () => new StunMessage('request', 1, TXID).add('USERNAME', 'u'.repeat(513)),
      where: 'USERNAME',
      mentions: '512',
    },
    {
      story: 'a lone surrogate in SOFTWARE',
      build: () => new StunMessage('request', 1, TXID).add('SOFTWARE', 'a\uD800b'),
      where: 'SOFTWARE',
      mentions: 'well-formed',
    },
    {
      story: 'a negative PRIORITY',
      build: () => new StunMessage('request', 1, TXID).add('PRIORITY', -1),
      where: 'PRIORITY',
      mentions: '0..4294967295',
    },
    {
      story: 'a tie-breaker given as a number',
      build: () => new StunMessage('request', 1, TXID).add('ICE-CONTROLLING', 5 as never),
      where: 'ICE-CONTROLLING',
      mentions: 'bigint',
    },
    {
      story: 'a 31-byte USERHASH',
      build: () => new StunMessage('request', 1, TXID).add('USERHASH', new Uint8Array(31)),
      where: 'USERHASH',
      mentions: '32 bytes',
    },
    {
      story: 'MESSAGE-INTEGRITY added by hand',
      build: () => new StunMessage('request', 1, TXID).add('MESSAGE-INTEGRITY' as never, new Uint8Array(20) as never),
      where: 'MESSAGE-INTEGRITY',
      mentions: 'encode()',
    },
    {
      story: 'an ICMP type above 127',
      build: () => new StunMessage('indication', 7, TXID).add('ICMP', { type: 128, code: 0, errorData: 0 }),
      where: 'ICMP',
      mentions: '0..127',
    },
    {
      story: 'an address value that is not an object',
      build: () => new StunMessage('success', 1, TXID).add('XOR-MAPPED-ADDRESS', null as never),
      where: 'XOR-MAPPED-ADDRESS',
      mentions: 'family',
    },
  ];
  for (const c of invalid) {
    it(`rejects ${c.story} with a StunEncodeError naming ${c.where}`, () => {
      let caught: unknown;
      try {
        c.build();
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(StunEncodeError);
      expect((caught as StunEncodeError).where).to.equal(c.where);
      expect((caught as Error).message).to.contain(c.mentions);
    });
  }

  it('rejects a message body over 65535 bytes', () => {
    const msg = new StunMessage('indication', StunMethod.Send, TXID).add('DATA', new Uint8Array(65000)).add('DATA', new Uint8Array(1000));
    expect(() => encode(msg)).to.throw(StunEncodeError, '65535');
  });

  it('writes raw attributes verbatim and keeps them out of get()', () => {
    const msg = new StunMessage('request', 1, TXID).addRaw(0x0020, hex('0001'));
    expect(msg.get('XOR-MAPPED-ADDRESS')).to.equal(undefined);
    expect(toHex(encode(msg).subarray(20))).to.equal('002000020001' + '0000');
  });

  it('removes attributes by name', () => {
    const msg = new StunMessage('request', 1, TXID).add('SOFTWARE', 'a').add('PRIORITY', 1).add('SOFTWARE', 'b');
    expect(msg.remove('SOFTWARE')).to.equal(2);
    expect(msg.attributes.map((a) => a.name)).to.deep.equal(['PRIORITY']);
  });

  it('copies a decoded message into a builder without its integrity and fingerprint', () => {
    const bytes = encode(new StunMessage('request', 1, TXID).add('USERNAME', 'a:b'), {
      integrity: { key: hex('01') },
      fingerprint: true,
    });
    const r = decode(bytes);
    if (!r.ok) throw new Error('decode failed');
    const copy = StunMessage.from(r.message).add('PRIORITY', 7);
    expect(copy.attributes.map((a) => a.name)).to.deep.equal(['USERNAME', 'PRIORITY']);
  });
});

describe('StunMessage typing (checked by tsc --noEmit)', () => {
  it('types get() by attribute name and requires values except for flags', () => {
    const msg = new StunMessage('success', 1, TXID).add('XOR-MAPPED-ADDRESS', { family: 4, address: '192.0.2.1', port: 1 });
    const mapped: StunAddress | undefined = msg.get('XOR-MAPPED-ADDRESS');
    const lifetime: number | undefined = msg.get('LIFETIME');
    const tie: bigint | undefined = msg.get('ICE-CONTROLLING');
    const peers: StunAddress[] = msg.getAll('XOR-PEER-ADDRESS');
    // @ts-expect-error an address is not a string
    const wrong: string | undefined = msg.get('XOR-MAPPED-ADDRESS');
    // @ts-expect-error PRIORITY needs a value
    expect(() => new StunMessage('request', 1, TXID).add('PRIORITY')).to.throw(StunEncodeError);
    // @ts-expect-error FINGERPRINT is computed by encode()
    expect(() => new StunMessage('request', 1, TXID).add('FINGERPRINT', 1)).to.throw(StunEncodeError);
    expect([mapped?.port, lifetime, tie, peers.length, wrong]).to.deep.equal([1, undefined, undefined, 0, mapped]);
  });
});
