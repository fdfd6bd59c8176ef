/**
 * Keeps README.md's code honest. Every ```ts block in the README that is a complete mocha test file (it calls
 * describe) is extracted, and its imports of 'natsim' (and 'natsim/src/...', 'natsim/dist/...') are pointed at this
 * repository's src/. Each block becomes a virtual module next to this file (test/docs/readme-line-<n>.ts, never
 * written to disk, so lint and typecheck never see a stale copy). It is type-checked with the project's compiler
 * options (ts-node runs transpile-only, so without this a type error in the README would pass), then transpiled
 * and run inside a describe, so its own describe/it blocks run here as nested suites. The first ```ts block under
 * the library heading must be one of them, so the README's main example cannot quietly stop being tested.
 */
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { createRequire } from 'module';
import { dirname, join, relative, resolve } from 'path';
import * as ts from 'typescript';
import { runInThisContext } from 'vm';

const ROOT = resolve(__dirname, '..', '..');
const README = join(ROOT, 'README.md');
/** The heading whose first ```ts block is the library example. */
const LIBRARY_HEADING = '## Using natsim as a library';

/** One fenced ```ts block of the README. */
interface CodeBlock {
  /** The nearest `#`/`##`/`###` heading above the block. */
  readonly heading: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
}

/** A README block as a module: its virtual path and its source with the imports rewritten. */
interface VirtualModule {
  readonly block: CodeBlock;
  readonly file: string;
  readonly source: string;
}

/** Every ```ts block, with the heading it sits under. Throws on an unclosed fence. */
export function tsBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\S*)/.exec(lines[i]);
    if (!fence) {
      if (/^#{1,3} /.test(lines[i])) heading = lines[i].trim();
      continue;
    }
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`README.md:${i + 1}: code fence is never closed`);
    if (fence[1] === 'ts' || fence[1] === 'typescript') blocks.push({ heading, line: i + 1, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/**
 * Rewrites `from 'natsim'`, the package's subpath entries (`'natsim/embed'`, `'natsim/real'`), `'natsim/src/x'` and
 * `'natsim/dist/x'` to relative imports of src/ as seen from `file`.
 */
export function pointAtSources(code: string, file: string): string {
  return code.replace(/(from\s+|require\()'natsim(?:\/(?:(?:src|dist)\/)?([\w./-]+))?'/g, (_m, lead: string, sub: string | undefined) => {
    let rel = relative(dirname(file), join(ROOT, 'src', sub ?? 'index')).split('\\').join('/');
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${lead}'${rel}'`;
  });
}

/** The project's compiler options (tsconfig.json). */
function compilerOptions(): ts.CompilerOptions {
  const read = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  return ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT).options;
}

/** Type errors in the virtual modules (only their own diagnostics), located in README.md. */
function typeErrors(modules: readonly VirtualModule[]): string[] {
  const options = { ...compilerOptions(), noEmit: true };
  const byPath = new Map(modules.map((m) => [m.file, m.source])); // key: virtual absolute path
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => byPath.has(f) || fileExists.call(host, f);
  host.readFile = (f) => byPath.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = byPath.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile.call(host, f, lang, ...rest);
  };
  const program = ts.createProgram([...byPath.keys()], options, host);
  return modules.flatMap((m) => {
    const source = program.getSourceFile(m.file);
    if (!source) return [`${m.file}: not part of the program`];
    return ts.getPreEmitDiagnostics(program, source).map((d) => {
      const at = d.start !== undefined ? source.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
      // Line 1 of the block is the line after its opening fence.
      return `README.md:${m.block.line + at.line + 1}:${at.character + 1}: error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
  });
}

/** Transpiles a virtual module to CommonJS and runs it as if it were a file at its path. */
function runModule(m: VirtualModule): void {
  const js = ts.transpileModule(m.source, {
    fileName: m.file,
    compilerOptions: { ...compilerOptions(), module: ts.ModuleKind.CommonJS, declaration: false, sourceMap: false },
  }).outputText;
  const wrapper = runInThisContext(`(function (exports, require, module, __filename, __dirname) {${js}\n})`, { filename: m.file }) as (
    exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string
  ) => void;
  const mod = { exports: {} };
  wrapper(mod.exports, createRequire(m.file), mod, m.file, dirname(m.file));
}

/** The README's runnable blocks as virtual modules. */
function readmeModules(): VirtualModule[] {
  const blocks = tsBlocks(readFileSync(README, 'utf8'));
  const library = blocks.find((b) => b.heading === LIBRARY_HEADING);
  if (!library) throw new Error(`README.md has no \`\`\`ts block under '${LIBRARY_HEADING}'`);
  const runnable = blocks.filter((b) => /\bdescribe\(/.test(b.code));
  if (!runnable.includes(library)) {
    throw new Error(`README.md:${library.line}: the first \`\`\`ts block under '${LIBRARY_HEADING}' is not a mocha test file (no describe)`);
  }
  return runnable.map((block) => {
    const file = join(__dirname, `readme-line-${block.line}.ts`);
    return { block, file, source: pointAtSources(block.code, file) };
  });
}

describe('README.md examples', () => {
  let modules: VirtualModule[] = [];
  let problem: Error | undefined;
  try {
    modules = readmeModules();
  } catch (err) {
    problem = err as Error;
  }

  it('has a runnable library example, and every runnable ```ts block type-checks against src/', function () {
    this.timeout(120_000); // a TypeScript program over most of src/
    if (problem) throw problem;
    expect(modules.length).to.be.at.least(1);
    expect(typeErrors(modules)).to.deep.equal([]);
  });

  for (const m of modules) {
    describe(`README.md line ${m.block.line} (${m.block.heading.replace(/^#+\s*/, '')})`, () => {
      try {
        runModule(m); // registers the block's own describe/it blocks inside this suite
      } catch (err) {
        it('loads', () => {
          throw err;
        });
      }
    });
  }
});

describe('README example extraction', () => {
  it('finds ts blocks under their headings and skips other languages', () => {
    const md = ['# T', '```sh', 'npm test', '```', '## Using natsim as a library', 'text', '```ts', "import { World } from 'natsim';", '```'].join('\n');
    expect(tsBlocks(md)).to.deep.equal([{ heading: '## Using natsim as a library', line: 7, code: "import { World } from 'natsim';" }]);
  });

  it('points natsim imports at src/, including deep imports and require', () => {
    const file = join(__dirname, 'x.ts');
    const code = "import { World } from 'natsim';\nimport { withEmbedded } from 'natsim/src/embed';\nimport { x } from 'natsim/dist/embed';\nconst n = require('natsim');\nimport 'natsimx';\nimport { y } from 'natsim/embed';";
    expect(pointAtSources(code, file)).to.equal(
      "import { World } from '../../src/index';\nimport { withEmbedded } from '../../src/embed';\nimport { x } from '../../src/embed';\nconst n = require('../../src/index');\nimport 'natsimx';\nimport { y } from '../../src/embed';",
    );
  });
});
