/**
 * The codec fuzzing, kept in the repository (issue 14, "Codecs"): the committed corpus of interesting inputs
 * (test/fixtures/fuzz-corpus) is replayed through the codecs and through the simulated STUN and TURN servers, and
 * a small fast-check budget of random and mutated inputs runs the same invariants as `npm run fuzz`.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { fuzzOne } from '../../fuzz/codec-targets';
import { loadCorpus } from '../../fuzz/corpus';
import { nextInput, seedMessages } from '../../fuzz/inputs';
import { StunServer } from '../../src/agents/stun/stun-server';
import { decode } from '../../src/protocols/stun';
import { Rng } from '../../src/sim/rng';
import { startServer, turnWorld, SERVER_IP } from '../agents/turn/helpers';

const corpus = loadCorpus();
const byName = (name: string) => corpus.find((c) => c.name === name)!.bytes;

describe('codec fuzz corpus (test/fixtures/fuzz-corpus)', () => {
  it('holds the inputs issue 14 found, each with its known outcome', () => {
    expect(corpus.length).to.be.at.least(15);
    const flood = decode(byName('binding-16378-unknown-attributes'));
    expect(flood.ok && flood.message.unknownRequired.length).to.equal(16_378);
    expect(byName('binding-16378-unknown-attributes').length).to.equal(65_532);
    const padding = decode(byName('binding-empty-padding'));
    expect(padding.ok && padding.message.get('PADDING')?.length).to.equal(0);
    expect(byName('binding-empty-padding').length).to.equal(24);
    const allocate = decode(byName('allocate-unauthenticated-minimal'));
    expect(allocate.ok && [allocate.message.class, allocate.message.get('REQUESTED-TRANSPORT')]).to.deep.equal(['request', 17]);
  });

  it('replays every entry through the codecs\' invariants', () => {
    for (const c of corpus) expect(() => fuzzOne(c.bytes), c.name).to.not.throw();
  });

  it('replays every entry that fits a 1500-byte link into the simulated TURN and STUN servers: no internal error, small answers', () => {
    const fits = corpus.filter((c) => c.bytes.length <= 1472);
    const w = turnWorld(11);
    const turn = startServer(w);
    const stun = new StunServer(w.getHost('turn').env('stun-server'), { addresses: [SERVER_IP], ports: [3479] }).start();
    const s = w.getHost('peer').createSocket();
    const answers: Uint8Array[] = [];
    s.on('message', (m) => answers.push(m));
    for (const c of fits) {
      s.send(c.bytes, 3478, SERVER_IP);
      s.send(c.bytes, 3479, SERVER_IP);
    }
    w.runFor(1000);
    expect(turn.stats.dropped['internal-error']).to.equal(undefined);
    expect(fits.length).to.equal(corpus.length - 1);
    expect(turn.stats.datagramsIn).to.equal(fits.length);
    expect(stun.stats.received).to.equal(fits.length);
    expect(answers.length).to.be.greaterThan(4);
    // Answers stay small: no PADDING answer outgrows its request.
    expect(Math.max(...answers.map((a) => a.length))).to.be.below(300);
  });
});

describe('codec fuzzing (fast-check, small budget; `npm run fuzz` runs 1,000,000)', () => {
  it('random and mutated inputs never crash the decoders or break their invariants', () => {
    const pool = [...seedMessages(new Rng(1, 'seeds')), ...corpus.map((c) => c.bytes).filter((b) => b.length <= 2048)];
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => nextInput(new Rng(seed, 'fuzz'), pool)),
    );
    fc.assert(fc.property(input, (bytes) => {
      fuzzOne(bytes);
    }), { numRuns: 3000, seed: 14 });
  });
});
