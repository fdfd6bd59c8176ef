/**
 * The playground page (browser entry): pick a lesson or write a scenario, set the seed, run it in the browser and
 * explore the interactive report; a sweep shows its table and each cell opens its report. The URL
 * `?lesson=<name>&seed=<n>&run=1` opens a lesson and runs it; the trace hash is then shown in `#trace-hash`.
 */
import type { EditorView } from '@codemirror/view';
import { escapeAttr, escapeText } from '../report/html/escape';
import { reportData } from '../report/html/report-data';
import { mountViewer } from '../report/html/viewer/viewer-dom';
import { formatTime } from '../sim/time';
import { CellRun, parsePlaygroundScenario, runCell } from './browser-run';
import { createEditor, scenarioIssues } from './editor';

/** A lesson as index.html embeds it (build-site's Lesson). */
interface Lesson { readonly name: string; readonly text: string }

const SHELL = '<header><h1>natsim playground</h1><p>Pick a lesson or write your own scenario, change the seed, and run it. ' +
  'Everything runs in this page: the same simulator, the same result as <code>natsim run</code> with the same seed.</p></header>' +
  '<div class="pg-top"><div class="pg-editor" id="editor"></div><div class="pg-controls">' +
  '<label>Lesson <select id="lesson"></select></label><label>Seed <input id="seed" type="number" min="0" placeholder="the scenario\'s own"></label>' +
  '<button type="button" id="run">Run</button><div id="status">Ready.</div>' +
  '<div>Trace hash: <code id="trace-hash"></code></div><div><a id="share" href="#">Link to this run</a></div></div></div>' +
  '<div id="sweep"></div><section id="result"></section>';

class Playground {
  private readonly editor: EditorView;
  private readonly lessons: readonly Lesson[];
  private cells: CellRun[] = [];

  constructor(private readonly root: HTMLElement) {
    root.innerHTML = SHELL;
    this.lessons = JSON.parse(document.getElementById('lessons')?.textContent ?? '[]') as Lesson[];
    const params = new URLSearchParams(location.search);
    const picked = this.lessons.find((l) => l.name === params.get('lesson')) ?? this.lessons[0];
    this.select<HTMLSelectElement>('lesson').innerHTML = this.lessons.map((l) =>
      `<option value="${escapeAttr(l.name)}"${l === picked ? ' selected' : ''}>${escapeText(l.name)}</option>`).join('') + '<option value="">(your own)</option>';
    if (params.get('seed') !== null) this.select<HTMLInputElement>('seed').value = params.get('seed')!;
    this.editor = createEditor(this.select('editor'), picked?.text ?? 'name: my-scenario\n');
    this.select('lesson').addEventListener('change', () => this.loadLesson());
    this.select('run').addEventListener('click', () => this.run());
    if (params.get('run') === '1') this.run();
  }

  private select<T extends HTMLElement>(id: string): T {
    return this.root.querySelector(`#${id}`) as T;
  }

  private loadLesson(): void {
    const l = this.lessons.find((x) => x.name === this.select<HTMLSelectElement>('lesson').value);
    if (l) this.editor.dispatch({ changes: { from: 0, to: this.editor.state.doc.length, insert: l.text } });
  }

  private status(text: string, error = false): void {
    const s = this.select('status');
    s.textContent = text;
    s.className = error ? 'error' : '';
  }

  /** Validates, then runs every cell, one per task so the page stays responsive; shows the first cell. */
  run(): void {
    const text = this.editor.state.doc.toString();
    const issues = scenarioIssues(text, 'scenario.yaml');
    this.select('trace-hash').textContent = '';
    if (issues.length) {
      this.status(issues.map((i) => `line ${i.line}, column ${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'), true);
      return;
    }
    const file = parsePlaygroundScenario(text, 'scenario.yaml');
    const seedText = this.select<HTMLInputElement>('seed').value.trim();
    const seed = seedText === '' ? undefined : Number(seedText);
    this.updateLink(seedText);
    this.cells = [];
    this.select('sweep').innerHTML = '';
    this.select('result').innerHTML = '';
    const next = (i: number): void => {
      if (i >= file.cells.length) { this.finish(); return; }
      this.status(`Running ${file.cells.length > 1 ? `cell ${i + 1} of ${file.cells.length}` : file.name}...`);
      window.setTimeout(() => {
        try {
          this.cells.push(runCell(file, i, seed));
        } catch (err) {
          this.status(`Could not run: ${(err as Error).message}`, true);
          return;
        }
        next(i + 1);
      }, 0);
    };
    next(0);
  }

  private updateLink(seed: string): void {
    const lesson = this.select<HTMLSelectElement>('lesson').value;
    const q = new URLSearchParams({ ...(lesson ? { lesson } : {}), ...(seed ? { seed } : {}), run: '1' });
    this.select<HTMLAnchorElement>('share').href = `?${q.toString()}`;
  }

  private finish(): void {
    const passed = this.cells.filter((c) => c.passed).length;
    this.status(`Done: ${passed} of ${this.cells.length} run${this.cells.length === 1 ? '' : 's'} passed.`);
    if (this.cells.length > 1) this.sweepTable();
    this.show(0);
  }

  private sweepTable(): void {
    const rows = this.cells.map((c, i) => `<tr class="cell" data-i="${i}"><td>${escapeText(c.label)}</td>` +
      `<td><span class="badge ${c.passed ? 'pass' : 'fail'}">${c.passed ? 'PASS' : 'FAIL'}</span></td>` +
      `<td class="num">${c.record.stats.events}</td><td class="mono">${escapeText(c.record.stats.traceHash.slice(0, 12))}</td></tr>`).join('');
    const el = this.select('sweep');
    el.innerHTML = `<h2>Sweep: ${this.cells.length} cells</h2><p>Click a cell to open its report.</p>` +
      `<table class="sweep"><tr><th>Cell</th><th>Result</th><th>Events</th><th>Trace hash</th></tr>${rows}</table>`;
    el.querySelectorAll<HTMLElement>('tr.cell').forEach((tr) => tr.addEventListener('click', () => this.show(Number(tr.dataset.i))));
  }

  /** Shows cell `i`'s report: result, expectations, interactive sequence diagram. */
  private show(i: number): void {
    const c = this.cells[i];
    if (!c) return;
    this.root.querySelectorAll('tr.cell').forEach((tr) => tr.classList.toggle('sel', (tr as HTMLElement).dataset.i === String(i)));
    this.select('trace-hash').textContent = c.record.stats.traceHash;
    const exp = c.record.expectations.map((e) => `<li><span class="badge ${e.passed ? 'pass' : 'fail'}">${e.passed ? 'PASS' : 'FAIL'}</span> ` +
      `<b>${escapeText(e.name)}</b>: ${escapeText(e.detail)}</li>`).join('');
    const result = this.select('result');
    result.innerHTML = `<h2>${escapeText(c.record.scenario.name)}${c.label ? ` (${escapeText(c.label)})` : ''}</h2>` +
      `<p>Seed ${escapeText(String(c.record.scenario.seed))}, ${escapeText(formatTime(Math.round(c.record.stats.virtualTimeMs * 1000)))} virtual, ` +
      `${c.record.stats.events} events.${c.error ? ` <span class="dropped">${escapeText(c.error)}</span>` : ''}</p>` +
      `<h3>Expectations</h3><ul class="pg-exp">${exp || '<li>None.</li>'}</ul><h3>Sequence diagram</h3><div id="seq-app"></div>`;
    const app = document.createElement('div');
    this.select('seq-app').replaceChildren(app);
    mountViewer(app, reportData(c.record));
    document.body.classList.add("pg-done");
  }
}

const root = document.getElementById('playground');
if (root) new Playground(root);
