/**
 * Test helper: does a packet that the NAT refused change the port of a later mapping? The client sends to
 * A1:5001; the server then sends one unsolicited datagram from A2:5000 to the client's mapped address (the NAT
 * refuses it) and acknowledges from A1:5001; on the ack the client sends its first datagram to A2:5000, which
 * reports the source port it arrived from. Linux conntrack remembers the refused packet as a flow whose reply
 * tuple is exactly the one the client's new flow would need, so MASQUERADE picks another port, unless the box's
 * INPUT chain drops the packet before conntrack confirms the flow. Run on the kernel NAT (plain-JS children, one
 * per namespace) and on natsim's simulated lab.
 */
import { spawn } from 'child_process';
import { buildDiscoveryLab } from '../../../src/agents/stun/discovery-lab';
import type { NatInit } from '../../../src/nat/nat-config';
import type { UdpSocketLike } from '../../../src/net/udp-socket.types';
import { LAB, LabNamespaces, runAsync } from './kernel-nat-lab';

/** The client's local port, and the source ports its first (to A1:5001) and second (to A2:5000) flows had outside. */
export interface UnsolicitedOutcome {
  local: number;
  first: number;
  second: number;
}

const PORTS = { ack: 5001, refused: 5000 };

/** The server side (plain JS for `node -e`): prints `ready`, then one JSON line {first, second}. */
function serverScript(a1: string, a2: string): string {
  return `const dgram = require('dgram');
const a = dgram.createSocket('udp4'), b = dgram.createSocket('udp4');
let first;
a.on('message', (m, r) => {
  first = r.port;
  // The ack leaves 100 ms after the unsolicited datagram, so the NAT has handled that one first.
  b.send('unsolicited', r.port, r.address, () => setTimeout(() => a.send('ack', r.port, r.address), 100));
});
b.on('message', (m, r) => {
  console.log(JSON.stringify({ first, second: r.port }));
  a.close(); b.close();
});
a.bind(${PORTS.ack}, '${a1}', () => b.bind(${PORTS.refused}, '${a2}', () => console.log('ready')));
setTimeout(() => process.exit(2), 10000).unref();`;
}

/** The client side: prints one JSON line {local}. */
function clientScript(ip: string, a1: string, a2: string): string {
  return `const dgram = require('dgram');
const s = dgram.createSocket('udp4');
s.on('message', (m) => {
  if (String(m) !== 'ack') return;
  s.send('second', ${PORTS.refused}, '${a2}', () => { console.log(JSON.stringify({ local: s.address().port })); s.close(); });
});
s.bind(0, '${ip}', () => s.send('first', ${PORTS.ack}, '${a1}'));
setTimeout(() => process.exit(2), 10000).unref();`;
}

/** Runs the probe through the kernel NAT of `ns`. */
export async function kernelUnsolicited(ns: LabNamespaces): Promise<UnsolicitedOutcome> {
  const [a1, a2] = LAB.serverIps;
  const srv = spawn('ip', ['netns', 'exec', ns.server, process.execPath, '-e', serverScript(a1, a2)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const lines: string[] = [];
    const exited = new Promise<void>((resolve) => srv.on('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      srv.stdout.on('data', (c: Buffer) => {
        lines.push(...c.toString().split('\n').filter(Boolean));
        if (lines.includes('ready')) resolve();
      });
      void exited.then(() => reject(new Error(`unsolicited-probe server exited early: ${lines.join(' ')}`)));
    });
    const client = JSON.parse(await runAsync('ip', ['netns', 'exec', ns.client, process.execPath, '-e', clientScript(LAB.clientIp, a1, a2)], 15_000)) as { local: number };
    await exited;
    const server = JSON.parse(lines.find((l) => l.startsWith('{')) ?? 'null') as { first: number; second: number } | null;
    if (!server) throw new Error(`unsolicited-probe server printed no result: ${lines.join(' ')}`);
    return { local: client.local, ...server };
  } finally {
    if (srv.exitCode === null && srv.signalCode === null) srv.kill('SIGKILL');
  }
}

/** Runs the same probe in natsim's discovery lab (client 192.168.1.10 behind `nat`, server 198.51.100.1 + .2). */
export function simulatedUnsolicited(nat: NatInit): UnsolicitedOutcome {
  const lab = buildDiscoveryLab({ nat, trace: 'summary' });
  const stun = lab.world.getHost('stun').env('probe');
  const [a1, a2] = ['198.51.100.1', '198.51.100.2'];
  const a = stun.createSocket().bind(PORTS.ack, a1);
  const b = stun.createSocket().bind(PORTS.refused, a2);
  const c: UdpSocketLike = lab.client.env('probe').createSocket();
  const out: Partial<UnsolicitedOutcome> = {};
  a.on('message', (_m, r) => {
    out.first = r.port;
    b.send(Buffer.from('unsolicited'), r.port, r.address, () => a.send(Buffer.from('ack'), r.port, r.address));
  });
  b.on('message', (_m, r) => (out.second = r.port));
  c.on('message', (m) => {
    if (String(m) === 'ack') c.send(Buffer.from('second'), PORTS.refused, a2);
  });
  c.bind(0, undefined, () => {
    out.local = c.address().port;
    c.send(Buffer.from('first'), PORTS.ack, a1);
  });
  lab.world.runUntil(() => out.second !== undefined, 10_000);
  if (out.local === undefined || out.first === undefined || out.second === undefined) {
    throw new Error(`simulated unsolicited probe did not finish: ${JSON.stringify(out)}`);
  }
  return out as UnsolicitedOutcome;
}
