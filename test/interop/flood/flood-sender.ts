/**
 * A flood of malformed and random datagrams from a child process (so the server under test keeps its own event
 * loop): `count` packets from `sources` sockets on 127.0.0.2, 127.0.0.3, ... to 127.0.0.1:`port`, in batches paced
 * over about `seconds`. Mixed: random bytes, STUN headers with bad lengths and cookies, unauthenticated Allocates,
 * Binding requests, stray ChannelData and 4 KB requests of 1,000 unknown comprehension-required attributes.
 */
import { spawn, type ChildProcess } from 'child_process';

/** Options of a flood. */
export interface FloodInit {
  port: number;
  count: number;
  sources: number;
  seconds: number;
}

/** The sender, as plain JavaScript for `node -e` (no TypeScript compile in the child: it starts at once). */
function script(f: FloodInit): string {
  return `
const dgram = require('dgram');
let seed = 0x2545f491;
const rnd = () => { seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed; };
const bytes = (n) => { const b = Buffer.alloc(n); for (let i = 0; i < n; i++) b[i] = rnd() & 255; return b; };
const stun = (type, body) => { const h = Buffer.alloc(20); h.writeUInt16BE(type, 0); h.writeUInt16BE(body.length, 2);
  h.writeUInt32BE(0x2112a442, 4); bytes(12).copy(h, 8); return Buffer.concat([h, body]); };
const unknown = Buffer.alloc(4000); for (let i = 0; i < 1000; i++) unknown.writeUInt16BE(0x4000 + i, 4 * i);
const kinds = [
  () => bytes(1 + (rnd() % 200)),
  () => stun(0x0003, Buffer.from('0019000411', 'hex')),
  () => { const b = stun(0x0001, Buffer.alloc(0)); b.writeUInt32BE(0xdeadbeef, 4); return b; },
  () => stun(0x0003, Buffer.from('0019000411000000', 'hex')),
  () => stun(0x0001, Buffer.alloc(0)),
  () => Buffer.concat([Buffer.from([0x40, rnd() & 255, 0, 8]), bytes(8)]),
  () => stun(0x0001, unknown),
  () => { const b = bytes(20 + 4 * (rnd() % 8)); b[0] &= 0x3f; b.writeUInt32BE(0x2112a442, 4); return b; },
];
const socks = [];
let bound = 0;
for (let i = 0; i < ${f.sources}; i++) {
  const s = dgram.createSocket('udp4');
  s.on('error', () => undefined);
  s.bind(0, '127.0.0.' + (2 + i), () => { if (++bound === ${f.sources}) go(); });
  socks.push(s);
}
function go() {
  const total = ${f.count};
  const batches = Math.max(1, Math.round(${f.seconds} * 1000 / 20));
  const per = Math.ceil(total / batches);
  let sent = 0;
  const tick = () => {
    for (let k = 0; k < per && sent < total; k++, sent++) socks[sent % socks.length].send(kinds[rnd() % kinds.length](), ${f.port}, '127.0.0.1');
    if (sent < total) setTimeout(tick, 20);
    else setTimeout(() => { console.log('sent ' + sent); process.exit(0); }, 100);
  };
  tick();
}`;
}

/** Starts the flood; resolves with the number of packets sent once the child is done. */
export function flood(f: FloodInit): { child: ChildProcess; done: Promise<number> } {
  const child = spawn(process.execPath, ['-e', script(f)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise<number>((resolve, reject) => {
    child.on('close', (code) => {
      const m = /sent (\d+)/.exec(out);
      if (code === 0 && m) resolve(Number(m[1]));
      else reject(new Error(`flood sender exited ${code}: ${out}`));
    });
  });
  return { child, done };
}
