'use strict';
// Is dist/ the compiled form of today's src/? `npm run build` (bin/build.js) writes dist/.build-stamp.json with a
// fingerprint of its inputs (src/**/*.ts and the two tsconfig files) taken BEFORE compiling, so an edit made during
// a build also counts as stale. Checking costs one stat per source file: when every path, size and mtime match, the
// build is fresh; when only mtimes differ (a checkout, `touch`), the contents are hashed and compared. An installed
// package has no src/ and is always fresh. Used by bin/natsim.js, lib-entry.js, the build and the tests.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const STAMP = path.join('dist', '.build-stamp.json');
const CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];

/** The build's inputs, relative to root, in a stable order; [] when there is no src/ (an installed package). */
function sourceFiles(root) {
  const src = path.join(root, 'src');
  if (!fs.existsSync(src)) return [];
  const ts = fs.readdirSync(src, { recursive: true })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join('src', f).split(path.sep).join('/'))
    .sort();
  return [...CONFIGS, ...ts];
}

function statSignature(root, files) {
  const h = crypto.createHash('sha1');
  for (const f of files) {
    const s = fs.statSync(path.join(root, f));
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return h.digest('hex');
}

function contentHash(root, files) {
  const h = crypto.createHash('sha1');
  for (const f of files) {
    h.update(`${f}\0`);
    h.update(fs.readFileSync(path.join(root, f)));
    h.update('\n');
  }
  return h.digest('hex');
}

/** The fingerprint of root's sources now: { files, stat, content }. */
function fingerprint(root) {
  const files = sourceFiles(root);
  return { files: files.length, stat: statSignature(root, files), content: contentHash(root, files) };
}

function readStamp(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Whether root's dist/ can be run: { fresh: true } or { fresh: false, reason }. An installed package (no src/) is
 * fresh when dist/ exists.
 */
function buildState(root) {
  if (!fs.existsSync(path.join(root, 'src'))) {
    return fs.existsSync(path.join(root, 'dist', 'index.js')) ? { fresh: true } : { fresh: false, reason: 'dist/ is missing' };
  }
  const stamp = readStamp(root);
  if (!stamp) return { fresh: false, reason: 'no build (dist/.build-stamp.json is missing; `npm run build` makes it)' };
  const files = sourceFiles(root);
  if (files.length === stamp.files && statSignature(root, files) === stamp.stat) return { fresh: true };
  if (files.length === stamp.files && contentHash(root, files) === stamp.content) {
    try {
      writeStamp(root, { ...stamp, stat: statSignature(root, files) }); // same sources, new mtimes: check by stat again
    } catch {
      // a read-only dist/ only costs the content hash next time
    }
    return { fresh: true };
  }
  return { fresh: false, reason: 'src/ changed since the last `npm run build`' };
}

function writeStamp(root, stamp) {
  fs.writeFileSync(path.join(root, STAMP), `${JSON.stringify(stamp)}\n`);
}

module.exports = { STAMP, buildState, fingerprint, writeStamp };
