/**
 * The interactive report's script, bundled with esbuild from src/report/html/viewer (browser code) for inlining
 * into report.html. Built once per process and cached; esbuild's output is the same for the same sources, so
 * reports stay byte-identical run to run. The build (bin/build.js) writes it beside the compiled viewer as
 * VIEWER_BUNDLE_FILE, so a compiled run (and each of its worker threads) reads it instead of running esbuild; a run
 * from the sources bundles them. Node-only: the playground bundles the viewer directly instead.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/** The prebuilt bundle's file name, in the compiled viewer's folder (dist/report/html/viewer/). */
export const VIEWER_BUNDLE_FILE = 'viewer.bundle.js';

/** key: entry file; value: bundled script text. Per process, like a require cache (pure function of the sources). */
const cache = new Map<string, string>();

/** The viewer as one IIFE script, safe to inline in `<script>` (no `</script` inside). */
export function viewerScript(): string {
  const ts = join(__dirname, 'viewer', 'viewer-main.ts');
  const entry = existsSync(ts) ? ts : join(__dirname, 'viewer', 'viewer-main.js');
  const hit = cache.get(entry);
  if (hit !== undefined) return hit;
  const prebuilt = join(__dirname, 'viewer', VIEWER_BUNDLE_FILE);
  if (!existsSync(ts) && existsSync(prebuilt)) {
    const text = readFileSync(prebuilt, 'utf8');
    cache.set(entry, text);
    return text;
  }
  // Loaded lazily: esbuild is only needed when a report.html is written.
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = esbuild.buildSync({
    entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020',
    minify: true, legalComments: 'none', charset: 'utf8', logLevel: 'silent',
  });
  const text = out.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1');
  cache.set(entry, text);
  return text;
}
