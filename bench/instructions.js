#!/usr/bin/env node
'use strict';
/* global require, process, __dirname */
// Instructions per one-way trip of the ping-pong workload, counted by valgrind (docs/performance.md, "Method"):
//
//   node bench/instructions.js [natsim|bare] [flows=50] [trips=100000] [--functions N] [--caches]
//
// With --caches, callgrind also simulates the caches and branch predictor (--cache-sim=yes --branch-sim=yes: a
// 32 KB L1 and the machine's last level; valgrind's own model, not this CPU's counters, which this VM does not
// expose) and prints L1 data misses, last-level misses and mispredicted branches per trip beside the instructions,
// and per function with --functions (docs/performance.md, "Where the clock goes").
//
// Runs bench/count.ts twice under `valgrind --tool=callgrind` (0 measured trips, then `trips`; both after the same
// warm-up) and prints (difference) / (one-way trips). Node runs with --predictable --single-threaded: V8 then
// compiles and collects garbage on the main thread in a fixed order, so the same tree gives the same count to the
// instruction, run after run and whatever else the machine does (without them, concurrent compilation moved the
// count by ±40 %). With --functions N it also prints the N costliest functions per trip: V8's --perf-basic-prof map
// names the JIT code, and the two runs are subtracted function by function. Callgrind keys JIT code by address, and
// V8 reuses code space, so a function's figure can include code that later lived at its address: read the names as
// a guide, the total as the measurement. Needs valgrind (callgrind_annotate comes with it).
const { execFile } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const args = process.argv.slice(2);
const fnIndex = args.indexOf('--functions');
const topN = fnIndex >= 0 ? Number(args.splice(fnIndex, 2)[1]) : 0;
const cacheIndex = args.indexOf('--caches');
const caches = cacheIndex >= 0 && args.splice(cacheIndex, 1).length === 1;
/** The per-trip figures printed: callgrind event names summed into each (Ir alone without --caches). */
const FIGURES = caches
  ? [['instructions', ['Ir']], ['L1 data misses', ['D1mr', 'D1mw']], ['last-level misses', ['ILmr', 'DLmr', 'DLmw']], ['mispredicted branches', ['Bcm', 'Bim']]]
  : [['instructions', ['Ir']]];
const [which = 'natsim', flows = '50', trips = '100000'] = args;
if (!['natsim', 'bare'].includes(which) || !(Number(flows) > 0) || !(Number(trips) > 0)) {
  process.stderr.write('usage: node bench/instructions.js [natsim|bare] [flows=50] [trips=100000] [--functions N] [--caches]\n');
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'natsim-instructions-'));

function callgrind(measured) {
  const out = path.join(dir, `callgrind.${measured}.out`);
  const node = ['--predictable', '--single-threaded', ...(topN > 0 ? ['--perf-basic-prof'] : [])];
  const argv = ['--tool=callgrind', ...(caches ? ['--cache-sim=yes', '--branch-sim=yes'] : []), `--callgrind-out-file=${out}`, process.execPath, ...node,
    path.join(__dirname, 'launch.js'), path.join(__dirname, 'count.ts'), which, flows, String(measured)];
  return new Promise((resolve, reject) => {
    execFile('valgrind', argv, { maxBuffer: 64 << 20 }, (err, _stdout, stderr) => {
      if (err) return reject(new Error(`valgrind failed: ${err.message}\n${stderr}`));
      const names = /Events\s*: ([\w ]+)/.exec(stderr);
      const counts = /Collected : ([\d ]+)/.exec(stderr);
      const pid = /==(\d+)== Callgrind/.exec(stderr);
      if (!names || !counts || !pid) return reject(new Error(`no event counts in valgrind's output:\n${stderr}`));
      const values = counts[1].trim().split(/\s+/).map(Number);
      const events = new Map(names[1].trim().split(/\s+/).map((n, i) => [n, values[i]]));
      resolve({ totals: FIGURES.map(([, keys]) => keys.reduce((sum, k) => sum + (events.get(k) ?? 0), 0)), out, map: `/tmp/perf-${pid[1]}.map` });
    });
  });
}

/** Per-function instruction totals of one callgrind output, JIT code named by the perf map. */
function functionTotals(run) {
  const entries = fs.existsSync(run.map) ? fs.readFileSync(run.map, 'utf8').trim().split('\n').map((l) => {
    const [a, s, ...name] = l.split(' ');
    return { start: parseInt(a, 16), end: parseInt(a, 16) + parseInt(s, 16), name: name.join(' ').replace(/:\d+:\d+$/, '').replace(/^JS:[*^~+]?/, 'JS:') };
  }).sort((x, y) => x.start - y.start) : [];
  const nameAt = (addr) => {
    let lo = 0;
    let hi = entries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid].start <= addr) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && addr < entries[hi].end ? entries[hi].name : undefined;
  };
  return new Promise((resolve, reject) => {
    // One column per callgrind event of FIGURES, in that order; '.' is zero.
    const shown = FIGURES.flatMap(([, keys]) => keys);
    execFile('callgrind_annotate', ['--threshold=100', `--show=${shown.join(',')}`, '--sort=Ir', run.out], { maxBuffer: 256 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      const totals = new Map(); // name -> per-figure totals
      const cell = String.raw`([\d,]+|\.)(?:\s+\(\s*[\d.]+%\))?\s+`;
      const row = new RegExp(`^\\s*${cell.repeat(shown.length)}(.*)$`);
      for (const line of stdout.split('\n')) {
        const m = row.exec(line);
        if (!m || m[shown.length + 1].includes('PROGRAM TOTALS')) continue;
        const label = m[shown.length + 1];
        const jit = /0x([0-9a-f]+) \[\?\?\?\]/.exec(label);
        const name = (jit && nameAt(parseInt(jit[1], 16))) || label.replace(/^\?\?\?:/, '');
        const byEvent = new Map(shown.map((k, i) => [k, m[i + 1] === '.' ? 0 : Number(m[i + 1].replace(/,/g, ''))]));
        const sums = FIGURES.map(([, keys]) => keys.reduce((sum, k) => sum + byEvent.get(k), 0));
        const prev = totals.get(name);
        totals.set(name, prev ? prev.map((v, i) => v + sums[i]) : sums);
      }
      resolve(totals);
    });
  });
}

async function main() {
  const [base, measured] = await Promise.all([callgrind(0), callgrind(Number(trips))]);
  const oneWay = Number(trips) * 2;
  const perTrip = (i) => (measured.totals[i] - base.totals[i]) / oneWay;
  const figure = (v) => (v >= 100 || v === 0 ? String(Math.round(v)) : v.toFixed(1));
  process.stdout.write(`${which} flows=${flows}: ${FIGURES.map(([label], i) => `${figure(perTrip(i))} ${label}`).join(', ')} per one-way trip\n`);
  if (topN > 0) {
    const [a, b] = await Promise.all([functionTotals(base), functionTotals(measured)]);
    const zero = FIGURES.map(() => 0);
    const rows = [...new Set([...a.keys(), ...b.keys()])].map((k) => {
      const [x, y] = [a.get(k) ?? zero, b.get(k) ?? zero];
      return [y.map((v, i) => (v - x[i]) / oneWay), k];
    });
    rows.sort((x, y) => y[0][0] - x[0][0]);
    if (caches) process.stdout.write(`${FIGURES.map(([label]) => label.split(' ').at(-1).padStart(13)).join('')}  function\n`);
    for (const [v, k] of rows.slice(0, topN)) process.stdout.write(`${v.map((x) => figure(x).padStart(caches ? 13 : 8)).join('')}  ${k.slice(0, 140)}\n`);
  }
  for (const r of [base, measured]) fs.rmSync(r.map, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
