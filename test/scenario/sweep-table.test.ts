import { expect } from 'chai';
import { cellObservedFrom, sweepTableMarkdown, sweepTableText } from '../../src/scenario/run/sweep-summary';

const CELLS = [
  { label: 'nat=a', params: { nat: 'a' }, passed: true, observed: 'direct', observedFrom: 'x and y connect within 10s' },
  { label: 'nat=b', params: { nat: 'b' }, passed: false, observed: 'relay', observedFrom: 'x and y connect within 10s' },
];

describe('sweep tables', () => {
  it('names what the observed column shows: the expectation it comes from', () => {
    const text = sweepTableText('t', [{ name: 'nat', values: ['a', 'b'] }], CELLS);
    expect(text.split('\n')[1]).to.match(/^ {2}nat +result +observed \(x and y connect within 10s\)$/);
    expect(sweepTableMarkdown('t', [{ name: 'nat', values: ['a', 'b'] }], CELLS)).to.include('Each cell shows what was observed (x and y connect within 10s)');
  });

  it('takes the observed value from the first telling expectation kind', () => {
    expect(cellObservedFrom([{ kind: 'count', name: 'c' }, { kind: 'connected', name: 'conn' }])).to.equal('conn');
    expect(cellObservedFrom([])).to.equal('');
  });
});
