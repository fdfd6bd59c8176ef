/**
 * `natsim validate` (exit 0 / 2, every problem as file:line:column with a did-you-mean, build problems too) and
 * `natsim schema` (a draft-07 JSON Schema that accepts a real scenario and rejects a misspelled key).
 */
import Ajv from 'ajv';
import { expect } from 'chai';
import { parse } from 'yaml';
import { memoryIo } from '../../src/cli/cli-io';
import { validateCommand } from '../../src/cli/validate-command';
import { scenarioJsonSchema } from '../../src/scenario/format';
import { BAD_KEY_YAML, natsimInProcess, PASS_YAML, positionOf, SWEEP_YAML, tempFolder, UNBUILDABLE_YAML } from './cli-fixtures';

describe('natsim validate', () => {
  let t: ReturnType<typeof tempFolder>;
  before(() => {
    t = tempFolder({ 'pass.yaml': PASS_YAML, 'sweep.yaml': SWEEP_YAML, 'bad.yaml': BAD_KEY_YAML, 'unbuildable.yaml': UNBUILDABLE_YAML });
  });
  after(() => t.cleanup());

  it('exits 0 and says ok for valid files, counting sweep cells', () => {
    const io = memoryIo();
    expect(validateCommand([t.path('pass.yaml'), t.path('sweep.yaml')], io)).to.equal(0);
    // a sweep file is named by its first cell
    expect(io.stdout).to.equal(`ok ${t.path('pass.yaml')}: cli-pass\nok ${t.path('sweep.yaml')}: cli-sweep-full-cone-1 (sweep: 4 cells)\n2 files valid\n`);
  });

  it('exits 2 with the misspelled key at file:line:column and a did-you-mean, still checking the other files', () => {
    const io = memoryIo();
    expect(validateCommand([t.path('bad.yaml'), t.path('pass.yaml')], io)).to.equal(2);
    const { line, column } = positionOf(BAD_KEY_YAML, 'filtring');
    const lines = io.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(new RegExp(`^${escape(t.path('bad.yaml'))}:${line}:${column}: topology\\.nats\\.home-nat\\.filtring: unknown key 'filtring' in NAT \\(valid: .*filtering.*\\)\\. Did you mean 'filtering'\\?$`));
    expect(lines[1]).to.equal(`ok ${t.path('pass.yaml')}: cli-pass`);
    expect(lines[2]).to.equal('1 of 2 files invalid, 1 problem');
  });

  it('reports a problem found only when building the world, at its place in the file', () => {
    const io = memoryIo();
    expect(validateCommand([t.path('unbuildable.yaml')], io)).to.equal(2);
    const { line, column } = positionOf(UNBUILDABLE_YAML, '{ at: 1s');
    expect(io.stdout).to.include(`${t.path('unbuildable.yaml')}:${line}:${column}: timeline[0]`);
    expect(io.stdout).to.include('1 of 1 file invalid, 1 problem');
  });

  it('exits 2 through the CLI as well', async () => {
    const r = await natsimInProcess('validate', t.path('bad.yaml'));
    expect(r.code).to.equal(2);
    expect(r.out).to.include("Did you mean 'filtering'?");
    expect((await natsimInProcess('validate', t.path('pass.yaml'))).code).to.equal(0);
  });
});

describe('natsim schema', () => {
  it('prints a draft-07 JSON Schema that accepts a scenario and rejects a misspelled key', async () => {
    const r = await natsimInProcess('schema');
    expect(r.code).to.equal(0);
    expect(r.err).to.equal('');
    expect(r.out.endsWith('}\n')).to.equal(true);
    const schema = JSON.parse(r.out) as Record<string, unknown>;
    expect(schema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
    expect(schema).to.deep.equal(JSON.parse(JSON.stringify(scenarioJsonSchema)));
    const validate = new Ajv({ allErrors: true, strictTypes: false, allowUnionTypes: true }).compile(schema);
    expect(validate(parse(PASS_YAML)), JSON.stringify(validate.errors)).to.equal(true);
    expect(validate(parse(SWEEP_YAML))).to.equal(true); // placeholders are fine for editors
    expect(validate(parse(BAD_KEY_YAML))).to.equal(false);
    expect(validate.errors!.some((e) => e.keyword === 'additionalProperties' && (e.params as { additionalProperty?: string }).additionalProperty === 'filtring')).to.equal(true);
  });
});

/** A string as a literal part of a RegExp. */
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
