/**
 * Writing a report file anew: an existing regular file of that name is removed first, then the file is created. On
 * ext4 (the usual Linux filesystem), a file that is truncated and rewritten in place, or replaced by a rename, is
 * forced to disk when it is closed (its `auto_da_alloc` safeguard for programs that rewrite files without fsync); a
 * file created anew is written back lazily, like any new file. `npm start` rewrites about 500 report files: into a
 * folder of an earlier run that took 0.4 s more than into an empty one (docs/performance.md, "Fifth session"), and
 * writing them anew makes the two equal. Every report writer goes through here, so no caller keeps a list of the
 * files a run is about to write.
 */
import { lstatSync, openSync, unlinkSync, writeFileSync } from 'fs';

/**
 * Removes `path` when it is a regular file. Anything else is left for the write to use or refuse as before: a
 * symbolic link is written through, a device or FIFO written to, and a folder of that name makes the write fail
 * with its path (unlinking `/dev/stdout` as root, say, must never happen).
 */
function removeRegularFile(path: string): void {
  try {
    if (lstatSync(path).isFile()) unlinkSync(path);
  } catch {
    // ENOENT (nothing to remove), or a file the write will fail on, with a clearer message than unlink's.
  }
}

/** writeFileSync(path, data) into a new file (see above). */
export function writeFileAnew(path: string, data: string | Uint8Array): void {
  removeRegularFile(path);
  writeFileSync(path, data);
}

/** openSync(path, 'w') of a new file (see above); returns the descriptor. */
export function openAnew(path: string): number {
  removeRegularFile(path);
  return openSync(path, 'w');
}
