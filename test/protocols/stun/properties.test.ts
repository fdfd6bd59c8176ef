/**
 * Property tests (fast-check, fixed seeds, moderate run counts): valid messages round-trip; decode never throws on
 * random or mutated bytes; a mutated message never keeps a valid fingerprint.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import {
  decode,
  encode,
  EncodeInit,
  isComprehensionRequired,
  isStunMessage,
  StunMessage,
  verifyFingerprint,
  verifyIntegrity,
} from '../../../src/protocols/stun';
import { formatIPv6, parseIPv6 } from '../../../src/protocols/stun/ip-address';
import { buildMessage, messageSpec } from './arbitraries';

const key = fc.uint8Array({ minLength: 1, maxLength: 32 });
const options: fc.Arbitrary<EncodeInit & { key: Uint8Array }> = fc.record({
  key,
  fingerprint: fc.boolean(),
  paddingByte: fc.nat(255),
  algorithms: fc.subarray(['sha1', 'sha256'] as const),
}).map(({ key: k, fingerprint, paddingByte, algorithms }) => ({
  key: k,
  fingerprint,
  paddingByte,
  integrity: algorithms.length > 0 ? { key: k, algorithm: algorithms } : undefined,
}));

/** A few valid encoded messages with a FINGERPRINT, to mutate. */
const fingerprinted = fc
  .tuple(messageSpec, key)
  .map(([spec, k]) => encode(buildMessage(spec), { integrity: { key: k }, fingerprint: true }));

describe('codec properties', () => {
  it('round-trips random valid messages: same header, attributes and values; integrity and fingerprint verify', () => {
    fc.assert(
      fc.property(messageSpec, options, (spec, opts) => {
        const built = buildMessage(spec);
        const bytes = encode(built, opts);
        expect(isStunMessage(bytes)).to.equal(true);
        const r = decode(bytes);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        const msg = r.message;
        expect([msg.class, msg.method, [...msg.transactionId]]).to.deep.equal([spec.cls, spec.method, [...spec.transactionId]]);
        const body = msg.attributes.filter((a) => a.name !== 'MESSAGE-INTEGRITY' && a.name !== 'MESSAGE-INTEGRITY-SHA256' && a.name !== 'FINGERPRINT');
        expect(body.map((a) => ({ name: a.name, type: a.type, value: a.value }))).to.deep.equal(
          built.attributes.map((a) => ({ name: a.name, type: a.type, value: a.value })),
        );
        const unknown = [...new Set(built.attributes.filter((a) => a.name === undefined && isComprehensionRequired(a.type)).map((a) => a.type))];
        expect(msg.unknownRequired).to.deep.equal(unknown);
        if (opts.integrity) expect(verifyIntegrity(msg, opts.key)).to.equal(true);
        expect(verifyFingerprint(msg)).to.equal(opts.fingerprint === true);
        // Re-encoding the decoded message with the same options gives the same bytes.
        expect([...encode(msg, opts)]).to.deep.equal([...bytes]);
        // And copying it into a builder keeps every value.
        expect(StunMessage.from(msg).attributes.length).to.equal(built.attributes.length);
      }),
      { numRuns: 300, seed: 5769 },
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        const r = decode(bytes);
        if (r.ok) {
          verifyFingerprint(r.message);
          verifyIntegrity(r.message, new Uint8Array([1]));
        }
      }),
      { numRuns: 500, seed: 1 },
    );
  });

  it('never throws on random bodies behind a valid header (exercises attribute parsing)', () => {
    const body = fc.uint8Array({ maxLength: 120 }).map((b) => b.subarray(0, b.length & ~3));
    fc.assert(
      fc.property(fc.nat(0x3fff), fc.uint8Array({ minLength: 12, maxLength: 12 }), body, (type, txid, b) => {
        const bytes = new Uint8Array(20 + b.length);
        const v = new DataView(bytes.buffer);
        v.setUint16(0, type);
        v.setUint16(2, b.length);
        v.setUint32(4, 0x2112a442);
        bytes.set(txid, 8);
        bytes.set(b, 20);
        const r = decode(bytes);
        if (r.ok) {
          verifyFingerprint(r.message);
          verifyIntegrity(r.message, new Uint8Array([1]), 'sha256');
        } else {
          expect(r.error.offset).to.be.within(0, bytes.length);
        }
      }),
      { numRuns: 500, seed: 2 },
    );
  });

  it('never throws on mutated valid messages, and a mutated message never keeps a valid fingerprint', () => {
    const mutation = fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fingerprinted, mutation, (bytes, edits) => {
        const copy = Uint8Array.from(bytes);
        for (const e of edits) copy[e.at % copy.length] ^= e.xor;
        if (copy.every((b, i) => b === bytes[i])) return; // edits cancelled out
        const r = decode(copy);
        if (r.ok) expect(verifyFingerprint(r.message)).to.equal(false);
      }),
      { numRuns: 300, seed: 3 },
    );
  });

  it('never throws on truncated or extended valid messages', () => {
    fc.assert(
      fc.property(fingerprinted, fc.integer({ min: -40, max: 8 }), (bytes, delta) => {
        const n = Math.max(0, bytes.length + delta);
        const resized = new Uint8Array(n);
        resized.set(bytes.subarray(0, Math.min(n, bytes.length)));
        decode(resized);
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('formats IPv6 canonically (RFC 5952), agreeing with the WHATWG URL serialiser, and parses it back', () => {
    // WHATWG prints IPv4-mapped addresses in hex (::ffff:c000:201); RFC 5952 §5 (and Node) use ::ffff:192.0.2.1.
    const whatwg = (text: string): string => {
      const host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
      const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
      if (!m) return host;
      const [hi, lo] = [parseInt(m[1], 16), parseInt(m[2], 16)];
      return `::ffff:${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    };
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.ipV6(), (raw, anyText) => {
        const text = formatIPv6(raw);
        expect(text).to.equal(whatwg(text));
        expect([...parseIPv6(text)!]).to.deep.equal([...raw]);
        const parsed = parseIPv6(anyText);
        expect(parsed, anyText).to.not.equal(undefined);
        expect(formatIPv6(parsed!)).to.equal(whatwg(anyText));
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
