/**
 * Removing a run's old report files before writing them again. On ext4 (the usual Linux filesystem), a file that
 * is truncated and rewritten in place, or replaced by a rename, is forced to disk when it is closed (its
 * `auto_da_alloc` safeguard for programs that rewrite files without fsync); a file created anew is written back
 * lazily, like any new file. `npm start` rewrites about 500 report files: into a folder of an earlier run that took
 * 0.4 s more than into an empty one (docs/performance.md, "Fifth session"), and removing the old files first makes
 * the two equal.
 */
import { unlinkSync } from 'fs';
import { join } from 'path';

/**
 * Removes `names` from `dir` where they exist. A file that cannot be removed (a folder of that name, no
 * permission) is left: the write that follows reports the real problem with its path.
 */
export function removeBeforeRewrite(dir: string, names: readonly string[]): void {
  for (const name of names) {
    try {
      unlinkSync(join(dir, name));
    } catch {
      // ENOENT (nothing to remove) or a file the write will fail on, with a clearer message than unlink's.
    }
  }
}
