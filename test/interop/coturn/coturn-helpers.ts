/**
 * Helpers for the coturn interop tests: find coturn's binaries (skip loudly without them), run them as child
 * processes that are always stopped (SIGTERM, then SIGKILL), wait for readiness by polling their output or by
 * probing a UDP echo, and parse what turnutils_uclient and turnutils_natdiscovery print. Loopback only.
 */
import { ChildProcess, spawn } from 'child_process';
import dgram = require('dgram');
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { findTool, skipLoudly } from '../../report/support/tools';

/** The coturn programs the tests use (Debian package coturn). */
export const COTURN_TOOLS = ['turnserver', 'turnutils_uclient', 'turnutils_peer', 'turnutils_natdiscovery'] as const;

/** Absolute paths of coturn's programs, or undefined when coturn is not installed. */
export type CoturnPaths = Record<(typeof COTURN_TOOLS)[number], string>;

/** Finds coturn's programs; when one is missing, skips the suite with `WARNING: SKIPPED: coturn is not installed`. */
export function requireCoturn(ctx: Mocha.Context, notChecked: string): CoturnPaths {
  const found: Partial<CoturnPaths> = {};
  for (const t of COTURN_TOOLS) found[t] = findTool(t);
  const missing = COTURN_TOOLS.filter((t) => !found[t]);
  if (missing.length > 0) {
    skipLoudly(ctx, `coturn is not installed (apt-get install -y coturn): ${notChecked} (missing: ${missing.join(', ')})`);
  }
  return found as CoturnPaths;
}

/** A running child process and everything it printed (stdout and stderr interleaved, by line). */
export class Proc {
  readonly lines: string[] = [];
  /** Resolves with the exit code, or the signal name. */
  readonly exited: Promise<number | string>;
  private readonly child: ChildProcess;
  private partial = { out: '', err: '' };
  private waiters: { re: RegExp; resolve: () => void }[] = [];
  private done = false;

  constructor(readonly name: string, cmd: string, args: readonly string[]) {
    this.child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (c: Buffer) => this.take('out', c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => this.take('err', c.toString()));
    this.exited = new Promise((resolve) => {
      this.child.on('error', (e) => {
        this.lines.push(`spawn error: ${e.message}`);
        this.done = true;
        resolve('spawn-error');
      });
      // 'close' (not 'exit') so that all output has been read.
      this.child.on('close', (code, signal) => {
        this.done = true;
        for (const k of ['out', 'err'] as const) if (this.partial[k]) this.lines.push(this.partial[k]);
        resolve(code ?? signal ?? -1);
      });
    });
  }

  /** Everything printed so far, one string. */
  get output(): string {
    return this.lines.join('\n');
  }

  /** Resolves once a line matches `re` (also one printed before the call); rejects after `ms` or on exit. */
  waitFor(re: RegExp, ms = 10_000): Promise<void> {
    if (this.lines.some((l) => re.test(l))) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(t);
        this.waiters = this.waiters.filter((w) => w.re !== re);
        reject(new Error(`${this.name}: ${why} waiting for ${re}; output:\n${this.output}`));
      };
      const t = setTimeout(() => fail(`no line within ${ms} ms`), ms);
      this.waiters.push({ re, resolve: () => { clearTimeout(t); resolve(); } });
      void this.exited.then((c) => { if (this.waiters.some((w) => w.re === re)) fail(`exited (${c})`); });
    });
  }

  /** Waits for the exit; kills the process (SIGKILL) when it takes longer than `ms`. */
  async exitWithin(ms: number): Promise<number | string> {
    let t: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (t = setTimeout(() => r('timeout'), ms)));
    const r = await Promise.race([this.exited, timeout]);
    clearTimeout(t);
    if (r !== 'timeout') return r;
    await this.stop();
    throw new Error(`${this.name} did not exit within ${ms} ms; output:\n${this.output}`);
  }

  /** Stops the process: SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. Idempotent. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.done) return;
    this.child.kill('SIGTERM');
    let t: NodeJS.Timeout | undefined;
    const gone = await Promise.race([this.exited.then(() => true), new Promise<false>((r) => (t = setTimeout(() => r(false), graceMs)))]);
    clearTimeout(t);
    if (!gone) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  private take(k: 'out' | 'err', text: string): void {
    const parts = (this.partial[k] + text).split('\n');
    this.partial[k] = parts.pop()!;
    for (const line of parts) {
      this.lines.push(line);
      for (const w of this.waiters.splice(0)) {
        if (w.re.test(line)) w.resolve();
        else this.waiters.push(w);
      }
    }
  }
}

/**
 * Tracks what a test started, so afterEach can stop it all: cleanups (closing clients, services and sockets) run
 * first, newest first, while the servers they talk to still run; then every process is stopped; then removals
 * (temporary directories) run.
 */
export class Lab {
  private readonly procs: Proc[] = [];
  private readonly cleanups: (() => void | Promise<void>)[] = [];
  private readonly removals: (() => void)[] = [];

  /** Starts a child process owned by this lab. */
  spawn(name: string, cmd: string, args: readonly string[]): Proc {
    const p = new Proc(name, cmd, args);
    this.procs.push(p);
    return p;
  }

  /** Registers a cleanup (closing a client, a service or a socket); it runs before the processes are stopped. */
  onCleanup(fn: () => void | Promise<void>): void {
    this.cleanups.push(fn);
  }

  /** Registers a removal (a temporary directory); it runs after the processes are stopped. */
  onRemove(fn: () => void): void {
    this.removals.push(fn);
  }

  /** Runs every cleanup, stops every process, runs every removal. Never throws. */
  async cleanup(): Promise<void> {
    for (const fn of this.cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch {
        // already closed
      }
    }
    await Promise.all(this.procs.splice(0).map((p) => p.stop()));
    for (const fn of this.removals.splice(0)) fn();
  }
}

/** Options of a coturn turnserver on loopback. */
export interface CoturnInit {
  /** --listening-ip, one or two addresses (two enable RFC 5780 CHANGE-REQUEST). */
  ips: readonly string[];
  /** --listening-port. */
  port: number;
  /** --alt-listening-port. @default port + 1 */
  altPort?: number;
  /** --min-port / --max-port of relayed addresses. */
  relayPorts: [number, number];
}

/** turnserver with long-term credentials alice:secret, realm sim.test, loopback peers allowed; see docs/interop.md. */
export function coturnArgs(init: CoturnInit, dir: string): string[] {
  return [
    '-n', '-v', '--log-file=stdout', '--simple-log', '--no-tls', '--no-dtls', '--no-cli', '--fingerprint',
    ...init.ips.map((ip) => `--listening-ip=${ip}`), '--relay-ip=127.0.0.1',
    `--listening-port=${init.port}`, `--alt-listening-port=${init.altPort ?? init.port + 1}`,
    `--min-port=${init.relayPorts[0]}`, `--max-port=${init.relayPorts[1]}`,
    '--lt-cred-mech', '--user=alice:secret', '--realm=sim.test', '--allow-loopback-peers',
    // keep coturn's pid file and user database out of /var
    `--pidfile=${join(dir, 'turnserver.pid')}`, `--userdb=${join(dir, 'turndb')}`,
  ];
}

/**
 * Starts coturn's turnserver and resolves once it logged a UDP listener on every `ip:port` in `ready`
 * (turnserver -v prints `UDP listener opened on: IP:PORT` per socket).
 */
export async function startCoturn(lab: Lab, bin: string, init: CoturnInit, ready: readonly string[]): Promise<Proc> {
  const dir = mkdtempSync(join(tmpdir(), 'natsim-coturn-'));
  lab.onRemove(() => rmSync(dir, { recursive: true, force: true }));
  const p = lab.spawn('turnserver', bin, coturnArgs(init, dir));
  for (const ep of ready) await p.waitFor(new RegExp(`UDP listener opened on: ${ep.replace(/\./g, '\\.')}$`));
  return p;
}

/**
 * Starts turnutils_peer (a UDP echo server) on `address`:`port` (127.0.0.1 unless given, e.g. ::1) and resolves once
 * it echoes a probe datagram: it prints nothing when ready, so readiness is polled by probing, not by sleeping.
 */
export async function startPeer(lab: Lab, bin: string, port: number, address = '127.0.0.1'): Promise<Proc> {
  const p = lab.spawn('turnutils_peer', bin, ['-L', address, '-p', String(port)]);
  await waitForEcho(address, port, 5000);
  return p;
}

/** Sends a probe every 50 ms until `address:port` (IPv4 or IPv6) echoes it; rejects after `ms`. */
export function waitForEcho(address: string, port: number, ms: number): Promise<void> {
  const v6 = address.includes(':');
  const s = dgram.createSocket(v6 ? 'udp6' : 'udp4');
  return new Promise<void>((resolve, reject) => {
    const probe = Buffer.from('natsim-ready-probe');
    let interval: NodeJS.Timeout | undefined;
    const finish = (err?: Error): void => {
      clearInterval(interval);
      clearTimeout(deadline);
      s.close();
      if (err) reject(err);
      else resolve();
    };
    const deadline = setTimeout(() => finish(new Error(`no echo from ${address}:${port} within ${ms} ms`)), ms);
    s.on('error', () => undefined); // ICMP port unreachable before the peer listens: keep probing
    s.on('message', (m) => { if (m.equals(probe)) finish(); });
    s.bind(0, v6 ? '::1' : '127.0.0.1', () => {
      const send = (): void => s.send(probe, port, address);
      send();
      interval = setInterval(send, 50);
    });
  });
}

/** What turnutils_uclient reports at its end. */
export interface UclientReport {
  sent: number;
  received: number;
  lost: number;
  lostPercent: number;
  sendDropped: number;
}

/**
 * Parses the summary turnutils_uclient prints last, e.g.
 * `4: : start_mclient: tot_send_msgs=20, tot_recv_msgs=20` and
 * `4: : Total lost packets 0 (0.000000%), total send dropped 0 (0.000000%)`; undefined when either is missing.
 */
export function parseUclient(output: string): UclientReport | undefined {
  const counts = [...output.matchAll(/start_mclient: tot_send_msgs=(\d+), tot_recv_msgs=(\d+)\s*$/gm)].pop();
  const loss = /Total lost packets (\d+) \(([\d.]+)%\), total send dropped (\d+)/.exec(output);
  if (!counts || !loss) return undefined;
  return { sent: +counts[1], received: +counts[2], lost: +loss[1], lostPercent: +loss[2], sendDropped: +loss[3] };
}

/** The verdicts turnutils_natdiscovery prints between `====` lines, e.g. `NAT with Endpoint Independent Mapping!`. */
export function natDiscoveryVerdicts(output: string): string[] {
  return output.split('\n').map((l) => l.trim()).filter((l) => /^(NAT with|No NAT!)/.test(l));
}
