import Ajv from 'ajv';
import { expect } from 'chai';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { JsonSchema, scenarioJsonSchema, strictScenarioSchema } from '../../../src/scenario/format';

/** Every object schema with `properties`, with its JSON pointer. */
function objects(s: unknown, at = '#', out: [string, JsonSchema][] = []): [string, JsonSchema][] {
  if (Array.isArray(s)) s.forEach((x, i) => objects(x, `${at}/${i}`, out));
  else if (s && typeof s === 'object') {
    const o = s as JsonSchema;
    if (o.properties) out.push([at, o]);
    for (const [k, v] of Object.entries(o)) if (k !== 'enum' && k !== 'default') objects(v, `${at}/${k}`, out);
  }
  return out;
}

/** A fresh validator like the loader's. */
function compile(schema: JsonSchema) {
  return new Ajv({ allErrors: true, strictTypes: false, allowUnionTypes: true }).compile(schema);
}

describe('scenario format: JSON Schema', () => {
  it('compiles under ajv in strict mode, both the strict and the published (editor) variant', () => {
    expect(() => compile(strictScenarioSchema)).not.to.throw();
    expect(() => compile(scenarioJsonSchema)).not.to.throw();
    expect(scenarioJsonSchema.$schema).to.equal('http://json-schema.org/draft-07/schema#');
  });

  it('describes every property, so editors can show help for each key', () => {
    const missing: string[] = [];
    for (const [at, o] of objects(scenarioJsonSchema)) {
      if (at.includes('/if')) continue; // discriminator tests, not keys
      for (const [k, p] of Object.entries(o.properties as Record<string, JsonSchema>)) if (!p.description) missing.push(`${at}/properties/${k}`);
    }
    expect(missing).to.deep.equal([]);
  });

  it('closes every object: unknown keys are errors (directly or in each type-specific branch)', () => {
    const open: string[] = [];
    for (const [at, o] of objects(strictScenarioSchema)) {
      if (at.includes('/if')) continue;
      const branches = ((o.allOf as JsonSchema[] | undefined) ?? []).filter((b) => b.then);
      const closed = o.additionalProperties === false || (branches.length > 0 && branches.every((b) => (b.then as JsonSchema).additionalProperties === false));
      if (!closed) open.push(at);
    }
    expect(open).to.deep.equal([]);
  });

  it('lets editors accept ${param} placeholders in any value, while the strict schema rejects them', () => {
    const doc = parse(readFileSync(join(__dirname, '../../../scenarios/lessons/14-connectivity-matrix.yaml'), 'utf8'));
    expect(compile(scenarioJsonSchema)(doc)).to.equal(true);
    expect(compile(strictScenarioSchema)(doc)).to.equal(false);
    const numeric = { topology: { networks: { a: { cidr: '10.0.0.0/24', mtu: '${m}', up: '${u}', latency: '${l}' } } } };
    expect(compile(scenarioJsonSchema)(numeric)).to.equal(true);
  });

  it('rejects a misspelled key in the published schema too (what an editor underlines)', () => {
    const validate = compile(scenarioJsonSchema);
    expect(validate({ topology: { networks: { a: { cidr: '10.0.0.0/24', latncy: '5ms' } } } })).to.equal(false);
    expect(validate.errors?.map((e) => e.keyword)).to.include('additionalProperties');
  });

  it('is plain JSON (what `natsim schema` prints round-trips)', () => {
    expect(JSON.parse(JSON.stringify(scenarioJsonSchema))).to.deep.equal(scenarioJsonSchema);
  });

  it('matches scenarios/scenario.schema.json, the file lesson modelines point at (when it has been generated)', function () {
    const file = join(__dirname, '../../../scenarios/scenario.schema.json');
    if (!existsSync(file)) this.skip(); // written by `natsim schema > scenarios/scenario.schema.json`
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.deep.equal(scenarioJsonSchema);
  });
});
