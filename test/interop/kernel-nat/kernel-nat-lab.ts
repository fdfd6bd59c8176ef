/**
 * Test helper: a Linux NAT between three network namespaces, built with `ip` and `iptables` (root only), and the
 * natsim processes that run inside them. Everything lives in namespaces named `natsim-kn-<role>-<pid>` (pid of the
 * mocha process), so concurrent runs never share one and a crashed run's leftovers are recognisable.
 *
 *   client ns  kn-c0 10.77.1.2/24 --veth-- kn-n0 10.77.1.1/24  NAT ns  kn-n1 10.77.2.1/24 --veth-- kn-s0 server ns
 *              default via 10.77.1.1       ip_forward=1, POSTROUTING -o kn-n1 MASQUERADE   10.77.2.2/24 + 10.77.2.4/24
 *                                          (or per-destination SNAT, see LabNat)
 *
 * The server namespace has no route to 10.77.1.0/24 (like the Internet has none to a private LAN): it can only
 * answer the NAT's outside address. No packet leaves the three namespaces.
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'child_process';
import path = require('path');
import { NATSIM_BIN } from '../../support/compiled-cli';

/** The repository root. */
export const ROOT = path.join(__dirname, '..', '..', '..');

/** Addresses of the lab (all inside its namespaces). */
export const LAB = Object.freeze({
  clientIp: '10.77.1.2',
  natInsideIp: '10.77.1.1',
  natOutsideIp: '10.77.2.1',
  /** RFC 5780 A1 (primary) and A2 (alternate), P1 and P2. */
  serverIps: ['10.77.2.2', '10.77.2.4'] as const,
  serverPorts: [3478, 3479] as const,
});

/** Namespace names, by role. */
export interface LabNamespaces {
  readonly client: string;
  readonly nat: string;
  readonly server: string;
}

const PREFIX = 'natsim-kn-';
const OWN = /^natsim-kn-(client|nat|server|probe)-(\d+)$/;

/** Runs a command; returns stdout, throws an Error carrying the command and its stderr when it fails. */
export function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${(e.stderr ?? '').trim() || e.message}`, { cause: err });
  }
}

/** Runs a command inside namespace `ns`. */
export function inNs(ns: string, cmd: string, args: string[]): string {
  return run('ip', ['netns', 'exec', ns, cmd, ...args]);
}

/** The namespace names of this process. */
export function labNamespaces(pid = process.pid): LabNamespaces {
  return { client: `${PREFIX}client-${pid}`, nat: `${PREFIX}nat-${pid}`, server: `${PREFIX}server-${pid}` };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills what still runs in `ns` (only natsim processes of this lab ever run there) and deletes it. */
export function deleteNamespace(ns: string): void {
  let pids: string[];
  try {
    pids = run('ip', ['netns', 'pids', ns]).split(/\s+/).filter(Boolean);
  } catch {
    return; // no such namespace
  }
  for (const p of pids) {
    try {
      process.kill(Number(p), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  try {
    run('ip', ['netns', 'del', ns]);
  } catch {
    // deleted meanwhile
  }
}

/** Deletes namespaces left by an earlier run of this lab whose mocha process is gone. Returns their names. */
export function removeLeftovers(): string[] {
  const names = run('ip', ['netns', 'list']).split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith(PREFIX));
  const stale = names.filter((n) => {
    const m = OWN.exec(n);
    return m !== null && !pidAlive(Number(m[2]));
  });
  for (const n of stale) deleteNamespace(n);
  return stale;
}

/** Why this machine cannot run the lab, or undefined when it can (root, `ip netns`, iptables). */
export function labUnavailable(iptables: string | undefined): string | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'kernel NAT test needs root (network namespaces and iptables)';
  if (!iptables) return 'kernel NAT test needs iptables (Debian package iptables), not found';
  const probe = `${PREFIX}probe-${process.pid}`;
  try {
    run('ip', ['netns', 'add', probe]);
  } catch (err) {
    return `kernel NAT test needs network namespaces: ${(err as Error).message}`;
  } finally {
    deleteNamespace(probe);
  }
  return undefined;
}

/**
 * How the NAT namespace translates: 'masquerade' is one MASQUERADE rule (endpoint-independent mapping while the
 * source port is free); 'address-dependent' gives each server address its own outside address (SNAT to 10.77.2.1
 * towards A1, to 10.77.2.3 towards A2, port kept), so the mapping depends on the destination address only
 * (RFC 4787 §4.1 address-dependent mapping).
 */
export type LabNat = 'masquerade' | 'address-dependent';

/** The NAT's second outside address, used towards A2 by the 'address-dependent' NAT. */
export const NAT_OUTSIDE_IP_2 = '10.77.2.3';

/** The iptables nat-table rules (after `-t nat -A`) of each LabNat. */
export function natRules(nat: LabNat): string[][] {
  if (nat === 'masquerade') return [['POSTROUTING', '-o', 'kn-n1', '-j', 'MASQUERADE']];
  return [
    ['POSTROUTING', '-o', 'kn-n1', '-d', LAB.serverIps[0], '-p', 'udp', '-j', 'SNAT', '--to-source', LAB.natOutsideIp],
    ['POSTROUTING', '-o', 'kn-n1', '-d', LAB.serverIps[1], '-p', 'udp', '-j', 'SNAT', '--to-source', NAT_OUTSIDE_IP_2],
  ];
}

/** Creates the namespaces, veths, addresses, routes and the NAT rules. Throws with the failing command. */
export function buildLab(ns: LabNamespaces, iptables: string, nat: LabNat = 'masquerade'): void {
  for (const n of [ns.client, ns.nat, ns.server]) run('ip', ['netns', 'add', n]);
  run('ip', ['link', 'add', 'kn-c0', 'netns', ns.client, 'type', 'veth', 'peer', 'name', 'kn-n0', 'netns', ns.nat]);
  run('ip', ['link', 'add', 'kn-n1', 'netns', ns.nat, 'type', 'veth', 'peer', 'name', 'kn-s0', 'netns', ns.server]);
  const addr = (n: string, ip: string, dev: string): void => void run('ip', ['-n', n, 'addr', 'add', `${ip}/24`, 'dev', dev]);
  addr(ns.client, LAB.clientIp, 'kn-c0');
  addr(ns.nat, LAB.natInsideIp, 'kn-n0');
  addr(ns.nat, LAB.natOutsideIp, 'kn-n1');
  if (nat === 'address-dependent') addr(ns.nat, NAT_OUTSIDE_IP_2, 'kn-n1');
  for (const ip of LAB.serverIps) addr(ns.server, ip, 'kn-s0');
  const up: [string, string][] = [[ns.client, 'lo'], [ns.client, 'kn-c0'], [ns.nat, 'lo'], [ns.nat, 'kn-n0'], [ns.nat, 'kn-n1'], [ns.server, 'lo'], [ns.server, 'kn-s0']];
  for (const [n, dev] of up) run('ip', ['-n', n, 'link', 'set', dev, 'up']);
  run('ip', ['-n', ns.client, 'route', 'add', 'default', 'via', LAB.natInsideIp]);
  inNs(ns.nat, 'sh', ['-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward']);
  for (const rule of natRules(nat)) inNs(ns.nat, iptables, ['-t', 'nat', '-A', ...rule]);
}

/**
 * The iptables rules that make the NAT hairpin for the one client (RFC 4787 REQ-9, with REQ-9a's source): packets
 * from the LAN to the NAT's outside address are sent back to the client, and their source becomes the NAT's
 * outside address. Conntrack keeps both ports (nothing else holds them), so the hairpinned packet arrives from the
 * sender's mapped address, at the receiver's own port. A static DNAT only works because the client is alone.
 */
export function hairpinRules(): string[][] {
  return [
    ['-t', 'nat', 'PREROUTING', '-i', 'kn-n0', '-d', LAB.natOutsideIp, '-p', 'udp', '-j', 'DNAT', '--to-destination', LAB.clientIp],
    ['-t', 'nat', 'POSTROUTING', '-o', 'kn-n0', '-s', '10.77.1.0/24', '-d', '10.77.1.0/24', '-p', 'udp', '-j', 'SNAT', '--to-source', LAB.natOutsideIp],
  ];
}

/** Adds (`-A`) or deletes (`-D`) the hairpin rules in the NAT namespace. */
export function setHairpinRules(ns: LabNamespaces, iptables: string, op: '-A' | '-D'): void {
  for (const [t, table, chain, ...rule] of hairpinRules()) inNs(ns.nat, iptables, [t, table, op, chain, ...rule]);
}

/** `natsim serve stun` inside the server namespace, A1:P1 + A2:P2. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<number | string>;
}

/** Starts `bin/natsim.js serve stun` in the server namespace and resolves once it logs that it started. */
export function startServer(ns: LabNamespaces): Promise<ServerProcess> {
  const [a1, a2] = LAB.serverIps;
  const [p1, p2] = LAB.serverPorts;
  const args = ['netns', 'exec', ns.server, process.execPath, NATSIM_BIN, 'serve', 'stun', '--listen', `${a1}:${p1}`, '--alt', `${a2}:${p2}`];
  const child = spawn('ip', args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const server = { child, output, exited };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`natsim serve stun did not start within 60 s: ${output.join('')}`)), 60_000); // ts-node start-up on a loaded machine
    const onData = (chunk: Buffer): void => {
      output.push(chunk.toString());
      if (/ stun-server started /.test(output.join(''))) {
        clearTimeout(timer);
        resolve(server);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`natsim serve stun exited (${code}) before starting: ${output.join('')}`));
    });
  });
}

/** Stops the server with SIGINT (SIGKILL after 5 s); resolves with its exit code or signal. */
export async function stopServer(server: ServerProcess): Promise<number | string> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return server.exited;
  server.child.kill('SIGINT');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 5_000);
  const code = await server.exited;
  clearTimeout(timer);
  return code;
}

/** Runs a command to completion (killed after `timeoutMs`); resolves with stdout, rejects with stderr. */
export function runAsync(cmd: string, args: string[], timeoutMs = 100_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${stderr.trim() || err.message}`, { cause: err }));
      else resolve(stdout);
    });
  });
}

/** `bin/natsim.js <args>` on this machine (not in a namespace), e.g. the simulated discover. */
export function natsimCli(args: string[]): Promise<string> {
  return runAsync(process.execPath, [NATSIM_BIN, ...args]);
}

/** The real discovery (discover-in-netns.ts) from the client namespace against `server` (default natsim's A1:P1); its one JSON line, parsed. */
export async function discoverFromClient(ns: LabNamespaces, server = `${LAB.serverIps[0]}:${LAB.serverPorts[0]}`): Promise<RealDiscovery> {
  const script = path.join(__dirname, 'discover-in-netns.ts');
  const out = await runAsync('ip', ['netns', 'exec', ns.client, process.execPath, '-r', 'ts-node/register/transpile-only', script, server]);
  return JSON.parse(out.trim()) as RealDiscovery;
}

/** What discover-in-netns.ts prints. */
export interface RealDiscovery {
  /** Exactly what `natsim discover --json` prints. */
  json: Record<string, unknown>;
  natPresent: boolean | null;
  localAddress: { address: string; port: number } | null;
  publicAddress: { address: string; port: number } | null;
  otherAddress: { address: string; port: number } | null;
  notes: string[];
  transactions: number;
  durationMs: number;
}
