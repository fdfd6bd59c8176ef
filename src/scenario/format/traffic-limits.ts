/**
 * Limits on traffic sources (the `traffic` agent and the timeline's `send`). With `every: 0` every datagram leaves
 * in the same instant, inside one scheduler event, so no run guard can stop it half-way: a million 64 KB datagrams
 * once took 6.8 GB. Such a burst is refused at validation instead; spread over time, a source is bounded by the
 * run guards (src/sim/run-guard.ts).
 */
import { at, NormaliseContext } from './normalise-context';
import type { ConfigPath } from './source-map';

/** Most payload bytes one burst (`every: 0`) may send: 16 MiB. */
export const MAX_BURST_BYTES = 16 * 1024 * 1024;

/** Reports a burst larger than MAX_BURST_BYTES at its `count`. */
export function checkBurst(ctx: NormaliseContext, path: ConfigPath, source: { count: number; sizeBytes: number; everyMs: number }): void {
  const bytes = source.count * source.sizeBytes;
  if (source.everyMs !== 0 || bytes <= MAX_BURST_BYTES) return;
  ctx.error(at(path, 'count'), `${source.count} datagrams of ${source.sizeBytes} bytes with every: 0 leave at once (${bytes} bytes), more than the ${MAX_BURST_BYTES}-byte (16 MiB) limit of one burst`, {
    expected: `count x size at most ${MAX_BURST_BYTES}, or an interval such as every: 1ms`,
  });
}
