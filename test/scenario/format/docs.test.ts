import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { renderSchemaReference, strictScenarioSchema } from '../../../src/scenario/format';
import { DEFAULTS } from '../../../src/scenario/format/constants';

const DOC = join(__dirname, '../../../docs/scenario-format.md');
const BEGIN = '<!-- BEGIN GENERATED REFERENCE -->';
const END = '<!-- END GENERATED REFERENCE -->';

describe('docs/scenario-format.md', () => {
  it('has a key reference identical to the one generated from the schema (UPDATE_DOCS=1 rewrites it)', () => {
    const text = readFileSync(DOC, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    expect(start, 'begin marker').to.be.greaterThan(0);
    expect(end, 'end marker').to.be.greaterThan(start);
    const generated = `\n\n${renderSchemaReference(strictScenarioSchema).trim()}\n\n`;
    if (process.env.UPDATE_DOCS === '1') {
      writeFileSync(DOC, text.slice(0, start + BEGIN.length) + generated + text.slice(end));
      return;
    }
    expect(text.slice(start + BEGIN.length, end)).to.equal(generated);
  });

  it('documents every top-level key and action in prose, not only in the generated part', () => {
    const prose = readFileSync(DOC, 'utf8').split(BEGIN)[0];
    for (const key of ['sweep', 'topology', 'agents', 'timeline', 'expectations', 'setLink', 'rebootNat', 'setNat', 'move', 'happens', 'notConnected']) {
      expect(prose, key).to.include(key);
    }
  });

  it('agrees with the code on the signalling delay default (docs/hole-punch.md)', () => {
    const text = readFileSync(join(__dirname, '../../../docs/hole-punch.md'), 'utf8');
    const m = /`signalling\.delay`, (\d+) ms by default/u.exec(text);
    expect(m, 'hole-punch.md names the default').to.not.equal(null);
    expect(`${m![1]}ms`).to.equal(DEFAULTS.signallingDelay);
  });
});
