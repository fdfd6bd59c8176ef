/**
 * Builds the playground as a static site (index.html + playground.js, lessons built in) with esbuild. Node-only:
 * `npm run build:site` and `natsim play` call it. The browser bundle holds layers 0-6 and the playground; the
 * Node-only parts stay out (files, worker threads, real sockets, the CLI): `fs`/`path` resolve to a stub that
 * throws, `crypto` to a @noble/hashes shim, `Buffer` to the `buffer` package, and any other Node built-in fails the
 * build. test/browser/bundle-boundary.test.ts checks the boundary on the metafile.
 */
import type { BuildOptions, Metafile } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { basename, join, resolve } from 'path';
import { scriptJson } from '../report/html/report-data';
import { STYLES } from '../report/html/styles';
import { VIEWER_STYLES } from '../report/html/viewer-styles';
import { PLAYGROUND_STYLES } from './playground-styles';

/** The repository root (two levels above this file, in src/ or dist/src/). */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = resolve(dir, '..');
  return dir;
}

/**
 * Node modules the browser bundle may import, and the shim each resolves to. key: module name. (`events` and
 * `buffer` resolve to their npm packages, the standard browser ports of Node's.)
 */
export const BROWSER_SHIMS: Readonly<Record<string, string>> = {
  crypto: 'crypto-browser.ts',
  fs: 'node-files.ts',
  path: 'node-files.ts',
  esbuild: 'node-only.ts',
  string_decoder: 'string-decoder.ts',
};

/** One lesson built into the site. */
export interface Lesson {
  /** File name without .yaml, e.g. `01-nat-mapping-basics` (the `?lesson=` value). */
  readonly name: string;
  readonly text: string;
}

/** The lessons shipped in scenarios/lessons, in file order. */
export function readLessons(dir = join(packageRoot(), 'scenarios', 'lessons')): Lesson[] {
  return readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()
    .map((f) => ({ name: basename(f).replace(/\.ya?ml$/, ''), text: readFileSync(join(dir, f), 'utf8') }));
}

/** esbuild options of the playground bundle. */
export function playgroundBuildOptions(): BuildOptions {
  const src = join(packageRoot(), 'src', 'playground');
  return {
    entryPoints: [join(src, 'playground-main.ts')], bundle: true, write: false, format: 'iife', platform: 'browser',
    target: 'es2020', minify: true, legalComments: 'none', charset: 'utf8', logLevel: 'silent', metafile: true,
    inject: [join(src, 'shims', 'buffer-global.ts')],
    alias: Object.fromEntries(Object.entries(BROWSER_SHIMS).map(([name, shim]) => [name, join(src, 'shims', shim)])),
    define: { 'process.env.NODE_ENV': '"production"' },
  };
}

/** The bundle: script text and esbuild's metafile (which source files went in). */
export function bundlePlayground(): { script: string; metafile: Metafile } {
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = esbuild.buildSync(playgroundBuildOptions());
  return { script: out.outputFiles![0].text, metafile: out.metafile! };
}

function indexHtml(lessons: readonly Lesson[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>natsim playground</title><style>${STYLES}${VIEWER_STYLES}${PLAYGROUND_STYLES}</style></head><body>`,
    '<div id="playground"><noscript>The natsim playground needs JavaScript.</noscript></div>',
    `<script type="application/json" id="lessons">${scriptJson(lessons)}</script>`,
    '<script src="playground.js"></script>',
    '</body></html>',
    '',
  ].join('\n');
}

/** Writes the static site into `dir` (created if missing); returns the files written. */
export function buildSite(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const { script } = bundlePlayground();
  const files: [string, string][] = [['index.html', indexHtml(readLessons())], ['playground.js', script]];
  return files.map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
}
