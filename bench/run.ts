/**
 * `npm run bench`: the standard workloads, one JSON object per line:
 * {"metric":"<name>","value":<number>,"unit":"..."}. Method and figures: docs/performance.md.
 */
import { bigWorld, natPingPong } from './workloads';
import { EXTRA_BENCHMARKS } from './extra';
import { startUpMetrics } from './startup';

function metric(name: string, value: number, unit: string): void {
  process.stdout.write(`${JSON.stringify({ metric: name, value: Math.round(value * 1000) / 1000, unit })}\n`);
}

function main(): void {
  natPingPong(10, 20_000); // warm-up: lets V8 optimise the hot path before measuring
  const p = natPingPong();
  metric('packetHopsPerSec', p.hops / p.seconds, 'hops/s');
  metric('natTranslationsPerSec', p.translations / p.seconds, 'translations/s');
  const big = bigWorld();
  metric('worldBuild10kHostsSec', big.buildSeconds, 's');
  metric('bytesPerHost', big.bytesPerHost, 'bytes');
  for (const extra of EXTRA_BENCHMARKS) {
    const r = extra();
    metric(r.metric, r.value, r.unit);
  }
  for (const r of startUpMetrics()) metric(r.metric, r.value, r.unit);
}

main();
