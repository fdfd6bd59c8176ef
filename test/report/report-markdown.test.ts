import { expect } from 'chai';
import { reportMarkdown } from '../../src/report/report-markdown';
import { smallRecord } from './support/sample-records';

describe('report/report-markdown', () => {
  const md = reportMarkdown(smallRecord());

  it('has the sections in order', () => {
    const heads = md.split('\n').filter((l) => l.startsWith('## '));
    expect(heads).to.deep.equal([
      '## Expectations', '## Topology', '## Trace events by kind', '## Drops by reason', '## Agent events', '## NAT mappings',
    ]);
    expect(md.startsWith('# small-binding\n\nAlice asks a STUN server')).to.equal(true);
  });

  it('gives the result, seed, params and hash', () => {
    expect(md).to.contain('| Result | FAIL (1 of 2 expectations hold) |');
    expect(md).to.contain('| Seed | 7 |');
    expect(md).to.contain('| Parameters | loss=0, nat=port-restricted-cone |');
    expect(md).to.contain(`| Trace hash | ${smallRecord().stats.traceHash} |`);
  });

  it('lists each expectation with its evidence lines', () => {
    expect(md).to.contain('| 2 | FAIL | stun reaches alice from port 3479 | dropped at home: nat-filtered |');
    expect(md).to.contain('### 2. FAIL: stun reaches alice from port 3479');
    expect(md).to.contain('  26.000ms  home  dropped nat-filtered (address-and-port-dependent filtering) #3 198.51.100.1:3479 -> 203.0.113.10:40000 "hello" (5 B)');
    expect(md).to.contain('  14.000ms  alice  delivered #2 198.51.100.1:3478 -> 192.168.1.10:5000 Binding success (80 B)');
  });

  it('counts drops by reason, only the reasons that occurred', () => {
    const drops = md.slice(md.indexOf('## Drops by reason'), md.indexOf('## Agent events'));
    expect(drops).to.contain('| link-loss | 1 |');
    expect(drops).to.contain('| nat-filtered | 1 |');
    expect(drops).not.to.contain('no-route');
  });

  it('tabulates each NAT mapping with creation, refreshes and end', () => {
    expect(md).to.contain('### home');
    expect(md).to.contain('| 192.168.1.10:5000 | 203.0.113.10:40000 | any | 1.000ms | 1 (last 13.000ms) | expired at 43.000s |');
  });

  it('escapes pipes in table cells', () => {
    const rec = smallRecord();
    const out = reportMarkdown({ ...rec, expectations: [{ ...rec.expectations[0], detail: 'a|b' }] });
    expect(out).to.contain('| a\\|b |');
  });
});
