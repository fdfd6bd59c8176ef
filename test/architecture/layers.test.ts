/**
 * DESIGN.md's layering rules, checked over the source tree: imports only go down the layer list, and only src/sim
 * (plus the CLI and the real-network adapter) may touch the host clock or randomness.
 */
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', '..', 'src');

/**
 * Layer number per top-level folder of src/ (docs/architecture.md). Reports sit below the scenario runner (which
 * writes them), so the runner may call them; the real-network adapter and the embedding of third-party code are
 * chosen only by the layers above them.
 */
const LAYER: Record<string, number> = {
  sim: 0, net: 1, nat: 2, protocols: 3, agents: 4, report: 5, real: 5, matrix: 6, scenario: 6, embed: 6, cli: 7,
  // The browser playground sits beside the CLI: it runs scenarios and shows reports, and imports no CLI code.
  playground: 7,
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function topFolder(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0];
}

describe('architecture', () => {
  const files = sourceFiles(SRC).filter((f) => topFolder(f) in LAYER);

  it('has a layer for every top-level folder of src/', () => {
    const folders = fs.readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(folders.filter((f) => !(f in LAYER))).to.deep.equal([]);
  });

  it('imports only from the same or lower layers', () => {
    const bad: string[] = [];
    for (const f of files) {
      const from = LAYER[topFolder(f)];
      const text = fs.readFileSync(f, 'utf8');
      for (const m of text.matchAll(/(?:import|export)[^'";]*?from\s+'(\.[^']+)'|require\('(\.[^']+)'\)/g)) {
        const target = path.resolve(path.dirname(f), m[1] ?? m[2]);
        const rel = path.relative(SRC, target);
        if (rel.startsWith('..')) continue;
        const to = LAYER[rel.split(path.sep)[0]];
        if (to !== undefined && to > from) bad.push(`${path.relative(SRC, f)} -> ${rel}`);
      }
    }
    expect(bad).to.deep.equal([]);
  });

  it('keeps host time and randomness out of simulation code', () => {
    const allowed = new Set(['sim', 'cli', 'real', 'embed']);
    const pattern = /\b(Math\.random|Date\.now|performance\.now|new Date\(|setTimeout|setInterval|setImmediate|randomBytes|randomUUID|getRandomValues)\b/;
    const bad: string[] = [];
    for (const f of files) {
      if (allowed.has(topFolder(f))) continue;
      fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
        // Calls through an object (timers.setTimeout) and method declarations of the Timers API are fine.
        const viaObject = /\.(setTimeout|setInterval)\(/.test(code);
        const declaration = /^\s*(setTimeout|setInterval)\(.*\)\s*:\s*\w+\s*\{/.test(code);
        if (pattern.test(code) && !viaObject && !declaration) bad.push(`${path.relative(SRC, f)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).to.deep.equal([]);
  });
});
