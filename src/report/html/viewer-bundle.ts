/**
 * The interactive report's script, bundled with esbuild from src/report/html/viewer (browser code) for inlining
 * into report.html. Built once per process and cached; esbuild's output is the same for the same sources, so
 * reports stay byte-identical run to run. Node-only: the playground bundles the viewer directly instead.
 */
import { existsSync } from 'fs';
import { join } from 'path';

/** key: entry file; value: bundled script text. Per process, like a require cache (pure function of the sources). */
const cache = new Map<string, string>();

/** The viewer as one IIFE script, safe to inline in `<script>` (no `</script` inside). */
export function viewerScript(): string {
  const ts = join(__dirname, 'viewer', 'viewer-main.ts');
  const entry = existsSync(ts) ? ts : join(__dirname, 'viewer', 'viewer-main.js');
  const hit = cache.get(entry);
  if (hit !== undefined) return hit;
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
