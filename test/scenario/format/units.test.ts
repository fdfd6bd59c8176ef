import { expect } from 'chai';
import { didYouMean, editDistance, formatDuration, parseBandwidth, parseDuration, parsePortRange, parseProbability } from '../../../src/scenario/format';

describe('scenario format: units', () => {
  describe('parseDuration (to milliseconds)', () => {
    const ok: [unknown, number][] = [
      ['150ms', 150],
      ['2s', 2000],
      ['5m', 300_000],
      ['1h', 3_600_000],
      ['1m30s', 90_000],
      ['1.5s', 1500],
      ['250us', 0.25],
      ['250µs', 0.25],
      ['0s', 0],
      [0, 0],
      ['1h2m3s4ms', 3_723_004],
    ];
    for (const [input, ms] of ok) it(`reads ${JSON.stringify(input)} as ${ms} ms`, () => expect(parseDuration(input)).to.deep.equal({ ok: true, value: ms }));

    it('rounds to the clock resolution of 1 µs', () => expect(parseDuration('0.0004ms')).to.deep.equal({ ok: true, value: 0 }));

    const bad: [unknown, string][] = [
      [20, 'the number 20 has no unit; write 20ms or 20s'],
      ['20', `'20' is not a duration`],
      ['2 s', `'2 s' is not a duration`],
      ['2sec', `'2sec' is not a duration`],
      ['-1s', `'-1s' is negative`],
      [-5, '-5 is negative'],
      [true, 'expected a duration'],
    ];
    for (const [input, msg] of bad) {
      it(`rejects ${JSON.stringify(input)}`, () => {
        const r = parseDuration(input);
        expect(r.ok).to.equal(false);
        if (!r.ok) expect(r.error).to.contain(msg);
      });
    }
  });

  describe('parseProbability', () => {
    const ok: [unknown, number][] = [[0, 0], [1, 1], [0.25, 0.25], ['1%', 0.01], ['100%', 1], ['0.5%', 0.005]];
    for (const [input, p] of ok) it(`reads ${JSON.stringify(input)} as ${p}`, () => expect(parseProbability(input)).to.deep.equal({ ok: true, value: p }));
    for (const input of [1.5, -0.1, '150%', '5', 'half']) {
      it(`rejects ${JSON.stringify(input)}`, () => expect(parseProbability(input).ok).to.equal(false));
    }
  });

  describe('parseBandwidth (to bits per second)', () => {
    const ok: [string, number][] = [
      ['10mbit', 10_000_000],
      ['10Mbit', 10_000_000],
      ['512kbit', 512_000],
      ['1gbit', 1_000_000_000],
      ['100bit', 100],
      ['2mbps', 2_000_000],
      ['1.5mbit', 1_500_000],
      ['64kbit/s', 64_000],
      ['unlimited', 0],
    ];
    for (const [input, bps] of ok) it(`reads ${input} as ${bps}`, () => expect(parseBandwidth(input)).to.deep.equal({ ok: true, value: bps }));
    it('asks for a unit on a bare number', () => {
      const r = parseBandwidth(1000);
      expect(r.ok ? '' : r.error).to.contain('has no unit, write 1000kbit or 1000mbit');
    });
    for (const input of ['10MB', 'fast', '0mbit']) it(`rejects ${input}`, () => expect(parseBandwidth(input).ok).to.equal(false));
  });

  describe('parsePortRange', () => {
    it('reads min-max', () => expect(parsePortRange('49152-65535')).to.deep.equal({ ok: true, value: { min: 49152, max: 65535 } }));
    it('explains an inverted range', () => {
      const r = parsePortRange('2000-1000');
      expect(r.ok ? '' : r.error).to.equal('the range 2000-1000 is empty: write the lower port first (1000-2000)');
    });
    it('rejects ports above 65535', () => expect(parsePortRange('1-70000').ok).to.equal(false));
  });

  describe('formatDuration', () => {
    const cases: [number, string][] = [[0, '0s'], [150, '150ms'], [2000, '2s'], [90_000, '1m30s'], [3_600_000, '1h'], [0.5, '0.5ms'], [1500, '1500ms']];
    for (const [ms, text] of cases) it(`writes ${ms} ms as ${text}`, () => expect(formatDuration(ms)).to.equal(text));
    it('round-trips through parseDuration', () => {
      for (const ms of [0, 1, 999, 1000, 61_000, 3_723_000, 0.25]) expect(parseDuration(formatDuration(ms))).to.deep.equal({ ok: true, value: ms });
    });
  });

  describe('did-you-mean', () => {
    it('counts a swap of neighbours as one edit', () => expect(editDistance('fitlering', 'filtering')).to.equal(1));
    const cases: [string, string[], string | undefined][] = [
      ['filtring', ['filtering', 'mapping'], 'filtering'],
      ['mapping-timeout', ['mappingTimeout', 'mapping'], 'mappingTimeout'],
      ['Symmetric', ['symmetric', 'full-cone'], 'symmetric'],
      ['xyz', ['filtering', 'mapping'], undefined],
      ['b', ['a'], undefined],
      ['B', ['b'], 'b'],
      ['alise', ['alice', 'bob'], 'alice'],
      ['ab', ['xy'], undefined],
    ];
    for (const [input, list, want] of cases) it(`suggests ${String(want)} for ${input}`, () => expect(didYouMean(input, list)).to.equal(want));
  });
});
