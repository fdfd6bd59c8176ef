/**
 * TCP bulk transfer benchmark: one connection moves 20 MB between two hosts (10 ms one way, 1% loss each way,
 * tracing off), so the figures include retransmissions, fast recovery and the reorder queue. Reports wall-clock
 * segments per second (every segment the two stacks sent, data and ACKs) and application bytes per second.
 */
import { World } from '../src/net/world';
import type { ExtraBenchmark } from './extra';

const BYTES = 20_000_000;

/** One run: segments sent, bytes delivered, wall seconds. */
export function tcpBulkTransfer(bytes = BYTES): { segments: number; bytes: number; seconds: number } {
  const w = new World({ seed: 1, trace: 'off' });
  w.network('lan', '10.0.0.0/24', { latency: 10, loss: 0.01 });
  const a = w.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1' }] });
  const b = w.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
  let received = 0;
  b.createTcpServer().on('connection', (s) => s.on('data', (d) => (received += d.byteLength))).listen(80);
  const chunk = Buffer.alloc(64 * 1024, 7);
  let written = 0;
  const c = a.connectTcp({ host: '10.0.0.2', port: 80 });
  const pump = (): void => {
    while (written < bytes) {
      written += chunk.byteLength;
      if (!c.write(chunk)) return;
    }
    c.end();
  };
  c.on('connect', pump);
  c.on('drain', pump);
  const firstId = w.sim.packetId();
  const t0 = process.hrtime.bigint();
  w.runUntil(() => received >= bytes, 24 * 3600 * 1000);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (received < bytes) throw new Error(`TCP bench: only ${received} of ${bytes} bytes arrived`);
  return { segments: w.sim.packetId() - firstId - 1, bytes: received, seconds };
}

let last: { segments: number; bytes: number; seconds: number } | undefined;

/** Segments per wall second (runs the transfer after a small warm-up). */
export const tcpSegmentsPerSec: ExtraBenchmark = () => {
  tcpBulkTransfer(1_000_000);
  last = tcpBulkTransfer();
  return { metric: 'tcpSegmentsPerSec', value: last.segments / last.seconds, unit: 'segments/s' };
};

/** Application bytes per wall second, from the same run as tcpSegmentsPerSec. */
export const tcpBytesPerSec: ExtraBenchmark = () => {
  const r = last ?? tcpBulkTransfer();
  return { metric: 'tcpBytesPerSec', value: r.bytes / r.seconds, unit: 'bytes/s' };
};
