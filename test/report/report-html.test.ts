import { expect } from 'chai';
import { reportHtml } from '../../src/report/html/page';
import { count, tagProblem } from './support/html-check';
import { exampleRecord, smallRecord } from './support/sample-records';

/**
 * The page without its two inline scripts (the embedded run data and the viewer), which the tag checker must not
 * read as markup. Throws unless exactly those two are there.
 */
function withoutScripts(page: string): string {
  const scripts = [...page.matchAll(/<script[^>]*>[\s\S]*?<\/script>/g)].map((m) => m[0]);
  expect(scripts.map((t) => t.slice(0, t.indexOf('>') + 1))).to.deep.equal(['<script type="application/json" id="trace-data">', '<script>']);
  return scripts.reduce((out, t) => out.replace(t, ''), page);
}

describe('report/report-html', () => {
  const page = reportHtml(smallRecord());
  const html = withoutScripts(page);

  it('is one well-formed page with a topology SVG and a ladder SVG', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).to.equal(true);
    expect(tagProblem(html)).to.equal(undefined);
    expect(count(html, '<svg class="topology"')).to.equal(1);
    expect(count(html, '<svg class="ladder"')).to.equal(1);
    for (const id of ['topology', 'sequence', 'mappings', 'expectations', 'counts']) expect(html).to.contain(`<section id="${id}">`);
  });

  it('shows the translation at the NAT, the drop reasons and the STUN labels', () => {
    expect(html).to.contain('home: src 192.168.1.10:5000 -> 203.0.113.10:40000');
    expect(html).to.contain('home: dst 203.0.113.10:40000 -> 192.168.1.10:5000');
    expect(html).to.contain('dropped: nat-filtered');
    expect(html).to.contain('dropped: link-loss');
    expect(html).to.contain('>Binding request</text>');
    expect(html).to.contain('>Binding success</text>');
  });

  it('is self-contained: no external references or fonts, only its two inline scripts', () => {
    expect(page).not.to.match(/https?:\/\/(?!www\.w3\.org\/)/);
    expect(html).not.to.match(/<script|<link|@import|url\((?!#)|<img|<iframe|src=/);
  });

  it('draws the mapping table with a timeline and the expectations with evidence', () => {
    expect(html).to.contain('<h3>NAT home: 1 mapping</h3>');
    expect(html).to.contain('<td class="mono">192.168.1.10:5000</td><td class="mono">203.0.113.10:40000</td>');
    expect(html).to.contain('<span class="badge fail">FAIL</span><span class="name">2. stun reaches alice from port 3479</span>');
    expect(html).to.contain('home  dropped nat-filtered (address-and-port-dependent filtering)');
  });

  it('uses no text smaller than 15px', () => {
    const sizes = [...html.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]));
    expect(sizes.length).to.be.greaterThan(10);
    expect(Math.min(...sizes)).to.be.at.least(15);
    expect(html).to.contain('html{font-size:18px}');
  });

  it('escapes scenario text', () => {
    const rec = smallRecord();
    const full = reportHtml({ ...rec, scenario: { ...rec.scenario, name: '<script>alert(1)</script>', description: 'a & b <i>' } });
    expect(full).to.contain('"name":"\\u003cscript>alert(1)\\u003c/script>"');
    const out = withoutScripts(full);
    expect(out).not.to.contain('<script>');
    expect(out).to.contain('&lt;script>alert(1)&lt;/script>');
    expect(out).to.contain('a &amp; b &lt;i>');
    expect(tagProblem(out)).to.equal(undefined);
  });

  it('caps the ladder and says so', () => {
    const out = reportHtml(exampleRecord(), { ladderMaxPackets: 3 });
    expect(out).to.contain('Showing the first 3 of 16 packets');
    expect(count(out, '<g class="hop')).to.equal(6);
    expect(reportHtml(exampleRecord())).to.contain('All 16 packets of the run.');
  });

  it('renders a run without packets or mappings', () => {
    const rec = smallRecord();
    const out = withoutScripts(reportHtml({ ...rec, events: [], expectations: [] }));
    expect(out).to.contain('No packets in the trace.');
    expect(out).to.contain('No NAT mapping events in this run.');
    expect(tagProblem(out)).to.equal(undefined);
  });
});

describe('report/report-html limits', () => {
  it('lists at most 200 mappings per NAT and 50 evidence lines per expectation, and says so', () => {
    const rec = smallRecord();
    const many = Array.from({ length: 250 }, (_, i) => ({
      kind: 'mapping-created' as const, t: i, node: 'home', internal: `192.168.1.10:${1000 + i}`, external: `203.0.113.10:${2000 + i}`,
    }));
    const out = reportHtml({ ...rec, events: many, expectations: [{ name: 'x', passed: true, detail: 'd', evidence: many.slice(0, 60) }] });
    expect(out).to.contain('Showing the first 200 of 250 mappings');
    expect(count(out, '<tr><td class="mono">192.168.1.10:')).to.equal(200);
    expect(out).to.contain('... 10 more in summary.json');
  });
});
