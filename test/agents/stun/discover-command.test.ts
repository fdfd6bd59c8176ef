import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { Command } from 'commander';
import sinon from 'sinon';
import { discoverCommand, natFromOptions, register } from '../../../src/cli/commands/discover';
import { CliUsageError } from '../../../src/cli/cli-errors';
import { NATSIM_BIN, SPAWN_TIMEOUT_MS } from '../../support/compiled-cli';

describe('natsim discover (command action)', () => {
  it('prints exactly one JSON object with the five documented keys', () => {
    const out = discoverCommand({ preset: 'symmetric', json: true });
    expect(out.endsWith('\n')).to.equal(true);
    expect(out.trim().split('\n')).to.have.length(1);
    const j = JSON.parse(out);
    expect(Object.keys(j)).to.deep.equal(['mapping', 'filtering', 'hairpinning', 'mappingLifetimeMs', 'classic']);
    expect(j).to.deep.equal({
      mapping: 'address-and-port-dependent', filtering: 'address-and-port-dependent', hairpinning: false, mappingLifetimeMs: null, classic: 'symmetric',
    });
  });

  it('builds the NAT from --mapping/--filtering/--timeout/--no-hairpin and measures the lifetime with --lifetime', () => {
    const j = JSON.parse(discoverCommand({ mapping: 'endpoint-independent', filtering: 'address-dependent', timeout: '45s', hairpin: false, lifetime: true, json: true }));
    expect(j).to.include({ mapping: 'endpoint-independent', filtering: 'address-dependent', hairpinning: false, classic: 'restricted-cone' });
    expect(Math.abs(j.mappingLifetimeMs - 45_000)).to.be.at.most(0.05 * 45_000);
  });

  it('prints a readable report with the configured values beside the findings', () => {
    const text = discoverCommand({ preset: 'port-restricted-cone', seed: '3' });
    expect(text).to.match(/preset 'port-restricted-cone', seed 3/);
    expect(text).to.match(/mapping\s+endpoint-independent\s+\(configured: endpoint-independent\)/);
    expect(text).to.match(/filtering\s+address-and-port-dependent\s+\(configured: address-and-port-dependent\)/);
    expect(text).to.match(/hairpinning\s+yes/);
    expect(text).to.match(/RFC 3489 type\s+port-restricted-cone/);
    expect(text).to.match(/not measured \(add --lifetime\)/);
    expect(text.includes('\u001b[')).to.equal(false);
  });

  it('defaults the seed to 1 and gives the same result for the same seed', () => {
    expect(discoverCommand({ preset: 'cgnat' })).to.equal(discoverCommand({ preset: 'cgnat', seed: '1' }));
  });

  const bad: [string, Parameters<typeof natFromOptions>[0], RegExp][] = [
    ['an unknown preset', { preset: 'fancy' }, /--preset 'fancy' is not a NAT preset; valid: 'open', 'full-cone'.*'linux-masquerade'/],
    ['--preset with --mapping', { preset: 'symmetric', mapping: 'endpoint-independent' }, /either --preset or --mapping\/--filtering, not both/],
    ['an unknown mapping', { mapping: 'cone' }, /--mapping 'cone' is not an RFC 4787 behaviour; valid: 'endpoint-independent'/],
    ['an unknown filtering', { filtering: 'strict' }, /--filtering 'strict'.*'address-and-port-dependent'/],
    ['a duration without a unit', { preset: 'full-cone', timeout: '45' }, /--timeout '45' is not a positive duration; write .*2s/],
    ['a zero duration', { preset: 'full-cone', timeout: '0s' }, /--timeout '0s'/],
    ['a bad seed', { preset: 'full-cone', seed: 'abc' }, /--seed 'abc'.*whole number/],
    ['a timeout on the open preset', { preset: 'open', timeout: '30s' }, /do not make a valid NAT: .*mappingTimeout/],
  ];
  for (const [story, opts, message] of bad) {
    it(`refuses ${story} with a CliUsageError saying what is valid`, () => {
      expect(() => discoverCommand(opts)).to.throw(CliUsageError, message);
    });
  }

  it('is wired into commander: flags reach the action, --no-hairpin turns hairpinning off, bad flags throw', async () => {
    const program = new Command('natsim').exitOverride();
    register(program);
    const write = sinon.stub(process.stdout, 'write').returns(true);
    try {
      await program.parseAsync(['node', 'natsim', 'discover', '--preset', 'full-cone', '--no-hairpin', '--json']);
      await program.parseAsync(['node', 'natsim', 'discover', '--preset', 'full-cone', '--hairpin', '--json']);
    } finally {
      write.restore();
    }
    expect(write.args.map((a) => JSON.parse(String(a[0])).hairpinning)).to.deep.equal([false, true]);
    let err: unknown;
    await program.parseAsync(['node', 'natsim', 'discover', '--preset', 'nope']).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(CliUsageError);
  });

  it('runs as `natsim discover` from bin/natsim.js: one JSON object and exit 0, exit 2 on a bad flag', function () {
    this.timeout(SPAWN_TIMEOUT_MS);
    const bin = NATSIM_BIN;
    const ok = spawnSync(process.execPath, [bin, 'discover', '--preset', 'symmetric', '--json'], { encoding: 'utf8' });
    expect(ok.status).to.equal(0);
    expect(JSON.parse(ok.stdout)).to.deep.equal({
      mapping: 'address-and-port-dependent', filtering: 'address-and-port-dependent', hairpinning: false, mappingLifetimeMs: null, classic: 'symmetric',
    });
    const bad = spawnSync(process.execPath, [bin, 'discover', '--timeout', 'soon'], { encoding: 'utf8' });
    expect(bad.status).to.equal(2);
    expect(bad.stdout).to.equal('');
    expect(bad.stderr).to.match(/--timeout 'soon' is not a positive duration/);
  });
});
