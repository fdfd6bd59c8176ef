/**
 * The build writes the strict validator as ajv standalone code (dist/scenario/format/strict-validator-code.js). It
 * must judge every document exactly as the validator compiled at run time does: same verdict, same errors (the
 * loader turns those errors into the messages users read).
 */
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import type { ValidateFunction } from 'ajv';
import { compileStrictValidator, strictValidatorCode } from '../../../src/scenario/format/strict-validator';

const ROOT = join(__dirname, '..', '..', '..');

/** Evaluates the standalone module text as a CommonJS module with this process's require. */
function loadStandalone(code: string): ValidateFunction {
  const module = { exports: {} as unknown };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports as ValidateFunction;
}

/** A lesson scenario, parsed, with one change applied. */
function lesson(change: (doc: Record<string, unknown>) => void = () => undefined): unknown {
  const doc = parse(readFileSync(join(ROOT, 'scenarios', 'lessons', '01-nat-mapping-basics.yaml'), 'utf8')) as Record<string, unknown>;
  change(doc);
  return doc;
}

describe('scenario format: the standalone strict validator of the build', () => {
  const standalone = loadStandalone(strictValidatorCode());
  const compiled = compileStrictValidator();

  const documents: [string, unknown][] = [
    ['a valid lesson', lesson()],
    ['a misspelled top-level key', lesson((d) => (d.duratoin = '5s'))],
    ['a wrong type and an unknown agent type', lesson((d) => {
      d.duration = 5;
      d.agents = { x: { type: 'no-such-agent', host: 'h' } };
    })],
    ['not an object at all', [1, 2, 3]],
  ];

  for (const [what, doc] of documents) {
    it(`${what}: the same verdict and errors as the validator compiled at run time`, () => {
      const ok = standalone(doc);
      expect(ok).to.equal(compiled(doc));
      expect(standalone.errors ?? null).to.deep.equal(compiled.errors ?? null);
    });
  }

  it('rejects what it should (the comparison above is not between two validators that accept anything)', () => {
    expect(standalone(lesson())).to.equal(true);
    expect(standalone(lesson((d) => (d.duratoin = '5s')))).to.equal(false);
    expect(standalone.errors!.some((e) => e.params && (e.params as { additionalProperty?: string }).additionalProperty === 'duratoin')).to.equal(true);
  });
});
