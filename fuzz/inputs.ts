/**
 * Inputs for the codec fuzzer: valid seed messages of every kind natsim's codecs handle, byte-level mutations of
 * them (flips, truncations, extensions, length-field edits, attribute splices) and plain random bytes. Seeded, so a
 * run is reproducible from its seed.
 */
import { encode, longTermKey, newTransactionId, StunMessage, StunMethod } from '../src/protocols/stun';
import { encodeChannelData } from '../src/protocols/turn';
import type { Rng } from '../src/sim/rng';

/** Valid messages to mutate: STUN requests, responses and indications with most attribute kinds, ChannelData. */
export function seedMessages(random: Rng): Uint8Array[] {
  const key = longTermKey('alice', 'sim.test', 'secret');
  const peer = { family: 4 as const, address: '203.0.113.50', port: 7000 };
  const tx = () => newTransactionId(random);
  const signed = (m: StunMessage) =>
    encode(m.add('USERNAME', 'alice').add('REALM', 'sim.test').add('NONCE', 'nonce123'), { integrity: { key }, fingerprint: true });
  return [
    encode(StunMessage.request(StunMethod.Binding, tx()), { fingerprint: true }),
    encode(StunMessage.request(StunMethod.Binding, tx()).add('PADDING', new Uint8Array(0))),
    encode(StunMessage.request(StunMethod.Binding, tx()).add('CHANGE-REQUEST', { changeIp: true, changePort: true })),
    signed(StunMessage.request(StunMethod.Allocate, tx()).add('REQUESTED-TRANSPORT', 17).add('LIFETIME', 600)),
    signed(StunMessage.request(StunMethod.CreatePermission, tx()).add('XOR-PEER-ADDRESS', peer)),
    signed(StunMessage.request(StunMethod.ChannelBind, tx()).add('CHANNEL-NUMBER', 0x4000).add('XOR-PEER-ADDRESS', peer)),
    encode(StunMessage.indication(StunMethod.Send, tx()).add('XOR-PEER-ADDRESS', peer).add('DATA', Uint8Array.of(1, 2, 3))),
    encode(StunMessage.errorResponse(StunMessage.request(StunMethod.Allocate, tx()), 401).add('REALM', 'sim.test').add('NONCE', 'n0nce')),
    encode(StunMessage.errorResponse(StunMessage.request(StunMethod.Binding, tx()), 420).add('UNKNOWN-ATTRIBUTES', [0x7001, 0x0099])),
    encode(StunMessage.successResponse(StunMessage.request(StunMethod.Binding, tx())).add('XOR-MAPPED-ADDRESS', { family: 6, address: '2001:db8::1', port: 5 })),
    encodeChannelData(0x4000, Uint8Array.of(9, 8, 7)),
    encodeChannelData(0x7fff, new Uint8Array(0), { legacyRange: true }),
  ];
}

/** One mutation of `base`. */
export function mutate(random: Rng, base: Uint8Array): Uint8Array {
  const bytes = Uint8Array.from(base);
  switch (random.int(0, 5)) {
    case 0: {
      for (let k = random.int(1, 6); k > 0 && bytes.length > 0; k--) bytes[random.int(0, bytes.length - 1)] = random.int(0, 255);
      return bytes;
    }
    case 1:
      return bytes.subarray(0, random.int(0, bytes.length));
    case 2:
      return Uint8Array.from([...bytes, ...random.bytes(random.int(1, 16))]);
    case 3: {
      // Rewrite a 16-bit length field: the header's (offset 2) or an attribute's.
      if (bytes.length < 4) return bytes;
      const at = random.chance(0.5) ? 2 : random.int(0, Math.max(0, (bytes.length - 4) >> 2)) * 4 + 2;
      const v = random.chance(0.5) ? random.int(0, 0xffff) : random.int(0, 64);
      if (at + 1 < bytes.length) {
        bytes[at] = v >> 8;
        bytes[at + 1] = v & 0xff;
      }
      return bytes;
    }
    case 4: {
      // Splice in an attribute of a random (often unknown comprehension-required) type.
      const type = random.chance(0.5) ? random.int(0, 0x7fff) : random.int(0, 0xffff);
      const len = random.int(0, 12);
      const attr = [type >> 8, type & 0xff, len >> 8, len & 0xff, ...random.bytes(len + ((4 - (len % 4)) % 4))];
      const out = Uint8Array.from([...bytes.subarray(0, Math.min(20, bytes.length)), ...attr, ...bytes.subarray(20)]);
      if (out.length >= 20) {
        const body = out.length - 20;
        out[2] = (body >> 8) & 0xff;
        out[3] = body & 0xff;
      }
      return out;
    }
    default:
      return random.bytes(random.int(0, 120));
  }
}

/** The next fuzz input: a mutated seed or corpus entry (most of the time), or random bytes. */
export function nextInput(random: Rng, pool: readonly Uint8Array[]): Uint8Array {
  if (pool.length === 0 || random.chance(0.15)) return random.bytes(random.int(0, 200));
  let bytes = pool[random.int(0, pool.length - 1)];
  for (let k = random.int(1, 3); k > 0; k--) bytes = mutate(random, bytes);
  return bytes;
}
