import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { pathToFileURL } from 'url';
import { writeReport } from '../../src/report/write-report';
import { colourStats, decodePng } from './support/png';
import { exampleRecord } from './support/sample-records';
import { findTool, skipLoudly } from './support/tools';

/** Set NATSIM_WRITE_EXAMPLE=1 to refresh the README screenshot from this test's render. */
const EXAMPLE_PNG = resolve(__dirname, '../../docs/images/report-example.png');

/** Runs headless Chromium on a file with `extra` flags; returns stdout and stderr. */
function chromium(bin: string, profile: string, page: string, extra: string[]): { stdout: string; stderr: string } {
  const r = spawnSync(bin, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--hide-scrollbars', `--user-data-dir=${profile}`,
    '--enable-logging=stderr', '--v=0', ...extra, pathToFileURL(page).href,
  ], { encoding: 'utf8', timeout: 90000, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr };
}

/** Console messages the page produced (Chromium logs them as `:CONSOLE(line)]` or `:CONSOLE:line]`). */
function consoleLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /:CONSOLE[(:]/.test(l) || l.includes('Uncaught'));
}

describe('report/report.html in headless Chromium', function () {
  this.timeout(180000);
  let bin: string | undefined;
  let dir: string;
  let page: string;
  before(function () {
    bin = findTool('chromium', 'chromium-browser', '/usr/bin/chromium');
    if (!bin) skipLoudly(this, 'chromium is not installed (apt-get install -y chromium): report.html was not rendered');
    dir = mkdtempSync(join(tmpdir(), 'natsim-chromium-'));
    writeReport(dir, exampleRecord());
    page = join(dir, 'report.html');
  });
  after(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('renders without console errors: the topology and the interactive diagram replace the static ladder', () => {
    const { stdout, stderr } = chromium(bin!, join(dir, 'profile-dom'), page, ['--dump-dom']);
    expect(consoleLines(stderr)).to.deep.equal([]);
    expect(stdout).to.contain('<svg class="topology"');
    expect(stdout).to.match(/<body[^>]* class="sq-ready"/);
    expect(stdout).not.to.contain('<svg class="ladder"');
    expect(stdout).to.contain('<span class="sq-reason">\u2715 nat-filtered</span>');
  });

  it('notices a page that throws (so the check above can fail)', () => {
    const bad = join(dir, 'bad.html');
    writeFileSync(bad, '<!DOCTYPE html><html><body><script>null.x()</script></body></html>');
    const { stderr } = chromium(bin!, join(dir, 'profile-bad'), bad, ['--dump-dom']);
    expect(consoleLines(stderr).join('\n')).to.contain('Uncaught');
  });

  it('takes a screenshot that shows a drawing, not a blank page', () => {
    const shot = join(dir, 'shot.png');
    chromium(bin!, join(dir, 'profile-shot'), page, [`--screenshot=${shot}`, '--window-size=1400,1800']);
    expect(existsSync(shot)).to.equal(true);
    const png = decodePng(readFileSync(shot));
    expect([png.width, png.height]).to.deep.equal([1400, 1800]);
    const { distinct, inked } = colourStats(png);
    expect(distinct).to.be.greaterThan(50);
    expect(inked).to.be.within(0.02, 0.6);
    if (process.env.NATSIM_WRITE_EXAMPLE === '1') copyFileSync(shot, EXAMPLE_PNG);
  });
});
