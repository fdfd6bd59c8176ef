import { expect } from 'chai';
import { describeAction } from '../../../src/scenario/timeline/actions';

describe('timeline: action texts', () => {
  it('says down for setLink { up: false } and up for up: true, with the other keys as written', () => {
    expect(describeAction({ kind: 'set-link', network: 'internet', node: null, patch: { up: false } })).to.equal('setLink internet down');
    expect(describeAction({ kind: 'set-link', network: 'internet', node: 'bob', patch: { up: true, latencyMs: 5 } })).to.equal('setLink internet (bob) up, latency');
  });
});
