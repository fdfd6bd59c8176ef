/**
 * Sweeps: `sweep: { param: [values...] }` runs a scenario once per combination of values (cartesian product;
 * the first parameter varies slowest, the last fastest, so cell order is stable and shardable). `${param}`
 * anywhere in a string value is replaced; a value that is exactly `${param}` takes the parameter's own type
 * (number, boolean). `$${` writes a literal `${`.
 */
import { didYouMean, listValid } from './did-you-mean';
import { isRaw } from './normalise-context';
import type { RawIssue } from './schema-errors';
import type { ConfigPath, PathSegment } from './source-map';
import type { SweepValue } from './spec-types';

/** One swept parameter. */
export interface SweepParameter {
  readonly name: string;
  readonly values: readonly SweepValue[];
}

/** Most cells a sweep may expand to. */
export const MAX_SWEEP_CELLS = 10_000;

/** `${name}` (not preceded by another `$`). */
const PLACEHOLDER = /(?<!\$)\$\{([^}]*)\}/gu;

/** Reads and checks `sweep`; issues for a malformed one. */
export function readSweep(data: unknown): { params: SweepParameter[]; issues: RawIssue[] } {
  const issues: RawIssue[] = [];
  if (!isRaw(data) || !('sweep' in data)) return { params: [], issues };
  if (!isRaw(data.sweep)) return { params: [], issues: [{ path: ['sweep'], part: 'value', message: 'sweep must be a map of parameter -> list of values', expected: 'sweep: { nat: [full-cone, symmetric] }' }] };
  const params: SweepParameter[] = [];
  for (const [name, values] of Object.entries(data.sweep)) {
    const path: ConfigPath = ['sweep', name];
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/u.test(name)) issues.push({ path, part: 'key', message: `'${name}' is not a valid parameter name`, expected: 'letters, digits and _, not starting with a digit' });
    if (!Array.isArray(values) || values.length === 0) {
      issues.push({ path, part: 'value', message: `expected a non-empty list of values`, expected: `${name}: [a, b, c]` });
      continue;
    }
    const bad = values.findIndex((v) => !['string', 'number', 'boolean'].includes(typeof v));
    if (bad >= 0) issues.push({ path: [...path, bad], part: 'value', message: `a sweep value must be text, a number or true/false` });
    const dup = values.findIndex((v, i) => values.indexOf(v) !== i);
    if (dup >= 0) issues.push({ path: [...path, dup], part: 'value', message: `duplicate value ${String(values[dup])}` });
    params.push({ name, values: values as SweepValue[] });
  }
  const cells = params.reduce((n, p) => n * p.values.length, 1);
  if (cells > MAX_SWEEP_CELLS) issues.push({ path: ['sweep'], part: 'key', message: `the sweep has ${cells} cells, more than ${MAX_SWEEP_CELLS}` });
  return { params, issues };
}

/** Every placeholder use outside `sweep`, with its path. */
function findPlaceholders(v: unknown, path: PathSegment[], out: { name: string; path: ConfigPath }[]): void {
  if (typeof v === 'string') {
    for (const m of v.matchAll(PLACEHOLDER)) out.push({ name: m[1], path });
  } else if (Array.isArray(v)) v.forEach((x, i) => findPlaceholders(x, [...path, i], out));
  else if (isRaw(v)) for (const [k, x] of Object.entries(v)) if (!(path.length === 0 && k === 'sweep')) findPlaceholders(x, [...path, k], out);
}

/** Checks that placeholders name parameters, every parameter is used, and `when` refers to real values. */
export function checkPlaceholders(data: unknown, params: readonly SweepParameter[]): RawIssue[] {
  const issues: RawIssue[] = [];
  const uses: { name: string; path: ConfigPath }[] = [];
  findPlaceholders(data, [], uses);
  const names = params.map((p) => p.name);
  for (const u of uses) {
    if (names.includes(u.name)) continue;
    const message = names.length
      ? `unknown sweep parameter '\${${u.name}}'`
      : `'\${${u.name}}' is a sweep placeholder, but the scenario has no sweep`;
    issues.push({ path: u.path, part: 'value', message, expected: names.length ? listValid(names) : `sweep: { ${u.name}: [...] }, or $\${...} for a literal`, didYouMean: didYouMean(u.name, names) });
  }
  for (const p of params) {
    if (!uses.some((u) => u.name === p.name) && !usedInWhen(data, p.name)) {
      issues.push({ path: ['sweep', p.name], part: 'key', message: `parameter '${p.name}' is never used: write \${${p.name}} where its value goes` });
    }
  }
  return [...issues, ...checkWhen(data, params)];
}

/** True when some expectation's `when` names the parameter. */
function usedInWhen(data: unknown, name: string): boolean {
  return isRaw(data) && Array.isArray(data.expectations) && data.expectations.some((e) => isRaw(e) && isRaw(e.when) && name in e.when);
}

/** `when` keys must be parameters and its values among the parameter's values. */
function checkWhen(data: unknown, params: readonly SweepParameter[]): RawIssue[] {
  const issues: RawIssue[] = [];
  if (!isRaw(data) || !Array.isArray(data.expectations)) return issues;
  const names = params.map((p) => p.name);
  data.expectations.forEach((e, i) => {
    if (!isRaw(e) || !isRaw(e.when)) return;
    for (const [k, v] of Object.entries(e.when)) {
      const path: ConfigPath = ['expectations', i, 'when', k];
      const p = params.find((x) => x.name === k);
      if (!p) {
        const message = names.length ? `unknown sweep parameter '${k}'` : `when only applies to scenarios with a sweep`;
        issues.push({ path, part: 'key', message, expected: names.length ? listValid(names) : undefined, didYouMean: didYouMean(k, names) });
        continue;
      }
      (Array.isArray(v) ? v : [v]).forEach((x, j) => {
        if (p.values.includes(x as SweepValue)) return;
        const shown = p.values.map(String);
        issues.push({ path: Array.isArray(v) ? [...path, j] : path, part: 'value', message: `${String(x)} is not a value of parameter '${k}'`, expected: listValid(shown), didYouMean: didYouMean(String(x), shown) });
      });
    }
  });
  return issues;
}

/** Every combination of values, first parameter slowest. */
export function cartesian(params: readonly SweepParameter[]): Record<string, SweepValue>[] {
  let cells: Record<string, SweepValue>[] = [{}];
  for (const p of params) cells = cells.flatMap((c) => p.values.map((v) => ({ ...c, [p.name]: v })));
  return cells;
}

/** A cell's label: `natA=symmetric natB=cgnat`. */
export function cellLabel(params: Readonly<Record<string, SweepValue>>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${String(v)}`).join(' ');
}

/** A copy of the document with placeholders replaced (the `sweep` key itself is kept as is). */
export function substitute(v: unknown, params: Readonly<Record<string, SweepValue>>, top = true): unknown {
  if (typeof v === 'string') {
    const whole = /^\$\{([^}]*)\}$/u.exec(v);
    if (whole && whole[1] in params) return params[whole[1]];
    return v.replace(PLACEHOLDER, (m, name: string) => (name in params ? String(params[name]) : m)).replace(/\$\$\{/gu, '${');
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, params, false));
  if (isRaw(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, top && k === 'sweep' ? x : substitute(x, params, false)]));
  return v;
}
