/**
 * Hostile scenario files (issue 14): an alias bomb, a 5,000-character name, terminal escapes in quoted content,
 * an oversized file and a duration of 10^12 days all end at once with exit code 2 and a position, never with an
 * internal error (exit 70) or minutes of work.
 */
import { expect } from 'chai';
import { writeFileSync } from 'fs';
import { MAX_DURATION_MS, MAX_INPUT_BYTES, parseDuration, parseScenarioText, ScenarioError } from '../../src/scenario/format';
import { natsimInProcess, PASS_YAML, positionOf, tempFolder } from '../cli/cli-fixtures';

/** Seven levels of nine aliases each: 9^7 (4.8 million) strings once expanded. */
const ALIAS_BOMB = `name: bomb
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;

/** The issues of text that must not load. */
function issuesOf(text: string, file = 'hostile.yaml', init = {}) {
  try {
    parseScenarioText(text, file, init);
  } catch (err) {
    expect(err).to.be.instanceOf(ScenarioError);
    return (err as ScenarioError).issues;
  }
  throw new Error('the text loaded');
}

describe('hostile scenario files', function () {
  this.timeout(30_000);
  let t: ReturnType<typeof tempFolder>;
  before(() => {
    t = tempFolder({ 'bomb.yaml': ALIAS_BOMB });
  });
  after(() => t.cleanup());

  describe('YAML alias bomb', () => {
    it('is refused in well under a second, at the first alias', () => {
      const started = process.hrtime.bigint();
      const issues = issuesOf(ALIAS_BOMB);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      expect(ms).to.be.below(2000);
      expect(issues).to.have.length(1);
      expect(issues[0].message).to.match(/aliases expand to too much data \(more than 1000 expansions/u);
      expect({ line: issues[0].line, column: issues[0].column }).to.deep.equal(positionOf(ALIAS_BOMB, '*a'));
    });

    it('ends `natsim validate` and `natsim run` with exit code 2 and file:line:column', async () => {
      const where = positionOf(ALIAS_BOMB, '*a');
      for (const cmd of ['validate', 'run']) {
        const r = await natsimInProcess(cmd, t.path('bomb.yaml'), ...(cmd === 'run' ? ['--no-report', '--jobs', '1'] : []));
        expect(r.code, cmd).to.equal(2);
        expect(`${r.out}${r.err}`).to.include(`bomb.yaml:${where.line}:${where.column}: YAML aliases expand to too much data`);
        expect(`${r.out}${r.err}`).not.to.match(/internal error|\n\s+at /u);
      }
    });

    it('still accepts a few aliases and merge keys', () => {
      const text = PASS_YAML.replace('topology:', 'x-latency: &lat 10ms\ntopology:').replace('latency: 10ms', 'latency: *lat');
      expect(parseScenarioText(text, 'ok.yaml').cells[0].spec.topology.networks[0].link.latencyMs).to.equal(10);
    });
  });

  describe('names that become file names', () => {
    it('refuses a 5,000-character scenario name with exit 2 (it used to end in ENAMETOOLONG, exit 70)', async () => {
      const text = PASS_YAML.replace('name: cli-pass', `name: ${'n'.repeat(5000)}`);
      const file = t.path('long-name.yaml');
      writeFileSync(file, text);
      const out = t.path('reports');
      const r = await natsimInProcess('run', file, '--out', out, '--jobs', '1');
      expect(r.code).to.equal(2);
      expect(r.err).to.include(`long-name.yaml:1:7: name:`);
      expect(r.err).to.include('at most 100 characters');
      expect(r.err).not.to.match(/ENAMETOOLONG|internal error/u);
    });

    it('accepts a name of exactly 100 characters and refuses 101, and refuses a path separator', () => {
      expect(parseScenarioText(PASS_YAML.replace('name: cli-pass', `name: ${'a'.repeat(100)}`), 'x.yaml').name).to.have.length(100);
      expect(issuesOf(PASS_YAML.replace('name: cli-pass', `name: ${'a'.repeat(101)}`))[0].path).to.equal('name');
      expect(issuesOf(PASS_YAML.replace('name: cli-pass', 'name: a/../../etc'))[0].path).to.equal('name');
    });
  });

  describe('quoted file content', () => {
    it('shows terminal escapes and control bytes escaped, never raw', async () => {
      const evil = 'cli-pass\n    description: ok\n    x: 1';
      const text = PASS_YAML.replace('duration: 5s', 'duration: "\u001b]0;owned\u0007\u001b[2J5s\u009b31m\r"').replace('name: cli-pass', `name: ${evil.split('\n')[0]}`);
      const file = t.path('escapes.yaml');
      writeFileSync(file, text);
      const r = await natsimInProcess('validate', file);
      expect(r.code).to.equal(2);
      const all = `${r.out}${r.err}`;
      expect(all).to.include('\\e]0;owned\\x07\\e[2J5s\\x9b31m\\r');
      // Nothing but newlines between lines: no ESC, BEL, CSI, CR or other control byte reaches the terminal.
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      expect(all).not.to.match(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u);
    });
  });

  it('escapes a terminal escape typed into a flag as well', async () => {
    const r = await natsimInProcess('run', 'x.yaml', '--max-wall', '\u001b[2J');
    expect(r.code).to.equal(2);
    expect(r.err).to.include('--max-wall \\e[2J: expected a whole number');
    expect(r.err).not.to.include('\u001b');
  });

  describe('input size', () => {
    it(`refuses a file over ${MAX_INPUT_BYTES} bytes at once, naming the limit and the flag`, async () => {
      const big = `name: big\nlist:\n${'  - 0123456789abcdef\n'.repeat(Math.ceil(MAX_INPUT_BYTES / 20) + 10)}`;
      const file = t.path('big.yaml');
      writeFileSync(file, big);
      const started = process.hrtime.bigint();
      const r = await natsimInProcess('run', file, '--no-report', '--jobs', '1');
      expect(Number(process.hrtime.bigint() - started) / 1e6).to.be.below(3000);
      expect(r.code).to.equal(2);
      expect(r.err).to.include(`big.yaml:1:1: the input is ${Buffer.byteLength(big)} bytes`);
      expect(r.err).to.include(`more than the limit of ${MAX_INPUT_BYTES} bytes`);
      expect(r.err).to.include('--max-input-mb');
    });

    it('takes a higher limit from --max-input-mb (the same file then runs and passes)', async () => {
      const big = `${PASS_YAML}\nx-padding: "${'p'.repeat(MAX_INPUT_BYTES)}"\n`;
      const file = t.path('padded.yaml');
      writeFileSync(file, big);
      const refused = await natsimInProcess('run', file, '--no-report', '--jobs', '1');
      expect(refused.err).to.include('more than the limit');
      const r = await natsimInProcess('run', file, '--no-report', '--jobs', '1', '--max-input-mb', '2');
      expect(r.err).not.to.include('more than the limit');
      expect(r.code).to.equal(0);
      expect(r.out).to.match(/^PASS cli-pass/mu);
    });

    it('natsim validate takes the same --max-input-mb (refused at the default, valid with 2, exit 2 for a bad value)', async () => {
      const big = `${PASS_YAML}\nx-padding: "${'p'.repeat(MAX_INPUT_BYTES)}"\n`;
      const file = t.path('padded.yaml');
      writeFileSync(file, big);
      const refused = await natsimInProcess('validate', file);
      expect(refused.code).to.equal(2);
      expect(refused.out).to.include(`more than the limit of ${MAX_INPUT_BYTES} bytes`);
      const r = await natsimInProcess('validate', file, '--max-input-mb', '2');
      expect(r.code).to.equal(0);
      expect(r.out).to.match(/^ok .*padded\.yaml: cli-pass/mu);
      const bad = await natsimInProcess('validate', file, '--max-input-mb', '0');
      expect(bad.code).to.equal(2);
      expect(bad.err).to.include('--max-input-mb 0: expected a whole number from 1 to 1024');
    });

    it('applies the limit to text given to the library too', () => {
      expect(issuesOf(PASS_YAML, 'small.yaml', { maxInputBytes: 100 })[0].message).to.include('more than the limit of 100 bytes');
    });
  });

  describe('traffic bursts', () => {
    it('refuses a burst (every: 0) of more than 16 MiB at its count: it would leave in one event, past every run guard', () => {
      const text = PASS_YAML.replace('count: 3', 'count: 1000000\n    size: 65507').replace('every: 1s', 'every: 0s');
      const issues = issuesOf(text);
      expect(issues.map((i) => [i.path, i.message])).to.deep.equal([
        ['agents.pinger.count', '1000000 datagrams of 65507 bytes with every: 0 leave at once (65507000000 bytes), more than the 16777216-byte (16 MiB) limit of one burst'],
      ]);
      expect(issues[0].line).to.equal(positionOf(text, '1000000').line);
      expect(parseScenarioText(text.replace('every: 0s', 'every: 1ms'), 'spread.yaml').cells).to.have.length(1);
      expect(parseScenarioText(text.replace('count: 1000000', 'count: 256'), 'small-burst.yaml').cells).to.have.length(1);
    });

    it('applies the same limit to a timeline send', () => {
      const text = `${PASS_YAML}timeline:\n  - { at: 1s, send: { host: laptop, to: "203.0.113.7:7", count: 300, size: 65507 } }\n`;
      expect(issuesOf(text).map((i) => i.path)).to.deep.equal(['timeline[0].send.count']);
    });
  });

  describe('durations', () => {
    it('refuses a duration of 10^12 days with exit 2 and its position', async () => {
      const text = PASS_YAML.replace('duration: 5s', `duration: ${'24000000000000'}h`);
      const file = t.path('forever.yaml');
      writeFileSync(file, text);
      const r = await natsimInProcess('run', file, '--no-report', '--jobs', '1');
      expect(r.code).to.equal(2);
      const at = positionOf(text, '24000000000000h');
      expect(r.err).to.include(`forever.yaml:${at.line}:${at.column}: duration: '24000000000000h' is longer than the maximum duration of 720h (30 days)`);
    });

    it('accepts exactly the maximum and refuses one microsecond more, in every duration field', () => {
      expect(parseDuration('720h')).to.deep.equal({ ok: true, value: MAX_DURATION_MS });
      expect(parseDuration('720h1us').ok).to.equal(false);
      expect(parseDuration(`${'9'.repeat(400)}s`).ok).to.equal(false); // Infinity is not a duration either
      const issues = issuesOf(PASS_YAML.replace('every: 1s', 'every: 1000h'));
      expect(issues.map((i) => i.path)).to.include('agents.pinger.every');
    });
  });
});
