/**
 * EmbeddedRun: runs unmodified third-party UDP code (code that calls `require('dgram').createSocket`) on simulated
 * hosts of a World, with Node's timers on the world's virtual clock.
 *
 * While a run is installed (one per process, since it patches Node's shared modules):
 * - dgram.createSocket returns an EmbeddedUdpSocket on the host of the current async context (onHost());
 * - net.createServer, net.connect/createConnection, net.Socket and net.Server make simulated TCP servers and
 *   connections on that host (embedded-net.ts);
 * - os.networkInterfaces()/os.hostname() describe that host;
 * - Date, setTimeout, setInterval, setImmediate, timers/promises, performance.now and hrtime are sinon fake timers
 *   driven from virtual time (NodeClock);
 * - Math.random and crypto's random functions draw from a seeded stream (optional, on by default);
 * - real sockets (made before the scope or outside any host) and DNS of unknown names throw RealNetworkEscapeError
 *   (real-network-guard).
 *
 * The run loop is async: it takes one step (one simulated event batch, one fake Node timer, or one socket event
 * for third-party code), then yields one real macrotask so Promise continuations and process.nextTick callbacks
 * run, and repeats. Third-party code is only ever entered from the loop, with the fake clock showing the virtual
 * time. See docs/third-party-code.md.
 */
import { AsyncLocalStorage } from 'async_hooks';
import dgram = require('dgram');
import net = require('net');
import os = require('os');
import type { Host } from '../net/host';
import type { World } from '../net/world';
import { MS } from '../sim/time';
import type { RunStop } from '../sim/scheduler';
import { parseSocketType } from './dgram-args';
import { EmbedRunawayError, EmbedScopeError, EmbedTimeoutError } from './embed-errors';
import { isIP } from 'net';
import { embeddedNet } from './embedded-net';
import { EmbeddedUdpSocket, SocketHub } from './embedded-udp-socket';
import { hostNetworkInterfaces } from './host-interfaces';
import { NodeClock } from './node-clock';
import { PatchSet } from './patch-set';
import { installRealNetworkGuard } from './real-network-guard';
import { installSeededRandom } from './seeded-random';

/** Options for EmbeddedRun.install. */
export interface EmbeddedRunInit {
  /**
   * What Date.now() shows at virtual time 0 (ms since 1970).
   * @default 1_704_067_200_000 (2024-01-01T00:00:00Z)
   */
  epochMs?: number;
  /**
   * Replace Math.random and crypto's random functions with a stream forked from the world seed ('embed:random'),
   * so third-party code draws the same values on every run.
   * @default true
   */
  seededRandom?: boolean;
  /**
   * Host names that sockets, dns.lookup and bind() may use, mapped to simulated IPv4 addresses.
   * @default {} ('localhost' and IPv4 literals always work)
   */
  names?: Record<string, string>;
  /**
   * The host for sockets created outside any onHost() context.
   * @default none: such a createSocket() throws EmbedScopeError
   */
  defaultHost?: Host | string;
}

/** When an embedded run stops. */
export interface EmbeddedRunOptions {
  /** Stop after this many ms of virtual time from now. */
  forMs?: number;
  /** Stop at this absolute virtual time (ms). */
  untilMs?: number;
  /** Stop as soon as this holds (checked after every step, once microtasks have run). */
  condition?: () => boolean;
  /**
   * Most steps allowed at one virtual instant before EmbedRunawayError (catches zero-delay timer loops).
   * @default 100_000
   */
  maxStepsPerInstant?: number;
}

/** Default epoch: 2024-01-01T00:00:00Z. */
export const DEFAULT_EPOCH_MS = 1_704_067_200_000;

/** Marker on the dgram module: the run currently installed. */
const ACTIVE = Symbol.for('natsim.embed.active');
type Marked = { [ACTIVE]?: EmbeddedRun };

/** A work item for third-party code, run from the loop in its host's context. */
interface Posted {
  host: Host;
  fn: () => void;
}

/** Third-party code on simulated hosts, driven by virtual time. */
export class EmbeddedRun implements SocketHub {
  private readonly hostContext = new AsyncLocalStorage<Host>();
  private readonly patches = new PatchSet();
  private readonly clock: NodeClock;
  /** Socket events waiting to be handed to third-party code, oldest first. */
  private readonly posted: Posted[] = [];
  private readonly names: Map<string, string>;
  private readonly defaultHost: Host | undefined;
  private installed = false;
  /** The real setImmediate, captured before the fake timers replace it: the loop yields with it. */
  private readonly yieldTurn: (fn: () => void) => void;

  private constructor(readonly world: World, private readonly init: EmbeddedRunInit) {
    this.clock = new NodeClock(world.sim.scheduler, init.epochMs ?? DEFAULT_EPOCH_MS);
    this.names = new Map(Object.entries(init.names ?? {}));
    const dh = init.defaultHost;
    this.defaultHost = typeof dh === 'string' ? world.getHost(dh) : dh;
    const realSetImmediate = globalThis.setImmediate;
    this.yieldTurn = (fn) => void realSetImmediate(fn);
  }

  /** Installs the scope (patches dgram, os, timers, randomness, and the real-network guard). */
  static install(world: World, init: EmbeddedRunInit = {}): EmbeddedRun {
    const active = (dgram as Marked)[ACTIVE];
    if (active) throw new EmbedScopeError('an embed scope is already installed in this process; uninstall() it first');
    const run = new EmbeddedRun(world, init);
    run.activate();
    return run;
  }

  /** The run installed in this process, if any. */
  static active(): EmbeddedRun | undefined {
    return (dgram as Marked)[ACTIVE];
  }

  /** True until uninstall(). */
  get isInstalled(): boolean {
    return this.installed;
  }

  /** Virtual time in ms. */
  get nowMs(): number {
    return this.world.nowMs;
  }

  /** Runs `fn` on `host`: sockets it (or its async continuations and timers) creates belong to that host. */
  onHost<T>(host: Host | string, fn: () => T): T {
    const h = typeof host === 'string' ? this.world.getHost(host) : host;
    return this.hostContext.run(h, fn);
  }

  /** The host of the current async context (onHost), or the default host. */
  currentHost(): Host | undefined {
    return this.hostContext.getStore() ?? this.defaultHost;
  }

  /**
   * Runs the world and the embedded code together until the condition holds, the time is reached, or nothing is
   * left to do. Returns why it stopped.
   */
  async run(opts: EmbeddedRunOptions = {}): Promise<RunStop> {
    this.assertInstalled();
    const sched = this.world.sim.scheduler;
    const untilUs = opts.untilMs !== undefined ? Math.round(opts.untilMs * MS)
      : opts.forMs !== undefined ? sched.now + Math.round(opts.forMs * MS) : undefined;
    const maxSteps = opts.maxStepsPerInstant ?? 100_000;
    let lastNow = -1;
    let sameInstant = 0;
    for (;;) {
      await this.settle();
      if (opts.condition?.()) return 'condition';
      const result = this.step(untilUs, opts.condition);
      if (result !== 'ran') return result;
      sameInstant = sched.now === lastNow ? sameInstant + 1 : 0;
      lastNow = sched.now;
      if (sameInstant > maxSteps) throw new EmbedRunawayError(sameInstant, this.nowMs);
    }
  }

  /**
   * Runs until `work` settles and returns its value (or throws its error). `work` may be a promise or a function
   * returning one (called now). Throws EmbedTimeoutError when it has not settled after `timeoutMs` of virtual time
   * or when the world goes idle first.
   */
  async drive<T>(work: Promise<T> | (() => Promise<T>), opts: { timeoutMs?: number } = {}): Promise<T> {
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const promise = typeof work === 'function' ? work() : work;
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    promise.then((value) => (outcome = { ok: true, value }), (error: unknown) => (outcome = { ok: false, error }));
    const stop = await this.run({ forMs: timeoutMs, condition: () => outcome !== undefined });
    if (!outcome) throw new EmbedTimeoutError(timeoutMs, stop, this.nowMs);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Restores everything the scope patched. Pending Node timers of embedded code are discarded. */
  uninstall(): void {
    if (!this.installed) return;
    this.installed = false;
    this.clock.uninstall();
    this.patches.restore();
    delete (dgram as Marked)[ACTIVE];
  }

  /** SocketHub: queues a socket event for third-party code. */
  post(host: Host, fn: () => void): void {
    this.posted.push({ host, fn });
  }

  /** SocketHub: a name to an IPv4 address. */
  resolve(name: string, family: 4 | 6 = 4): string | undefined {
    if (isIP(name) !== 0) return name;
    if (name === 'localhost') return family === 6 ? '::1' : '127.0.0.1';
    return this.names.get(name);
  }

  /** One unit of work: a due Node timer, else one posted socket event, else simulated events up to the next. */
  private step(untilUs: number | undefined, condition: (() => boolean) | undefined): 'ran' | RunStop {
    const sched = this.world.sim.scheduler;
    const dueUs = this.clock.nextDueUs();
    if (dueUs !== undefined && dueUs <= sched.now && (untilUs === undefined || dueUs <= untilUs)) {
      this.clock.fireNext();
      this.clock.sync();
      return 'ran';
    }
    const item = this.posted.shift();
    if (item) {
      this.clock.sync();
      this.hostContext.run(item.host, item.fn);
      return 'ran';
    }
    const limit = dueUs === undefined ? untilUs : untilUs === undefined ? dueUs : Math.min(dueUs, untilUs);
    const stop = sched.run({ until: limit, condition: () => this.posted.length > 0 || (condition?.() ?? false) });
    this.clock.sync();
    if (stop === 'condition') return 'ran';
    if (dueUs !== undefined && (untilUs === undefined || dueUs <= untilUs)) return 'ran';
    return stop;
  }

  /** Lets pending Promise continuations and nextTick callbacks run (one real macrotask turn). */
  private settle(): Promise<void> {
    return new Promise((resolve) => this.yieldTurn(resolve));
  }

  private activate(): void {
    const p = this.patches;
    try {
      installRealNetworkGuard(p, (name) => this.resolve(name));
      // net: servers and connections on the simulated host of the current context (embedded-net.ts).
      const sim = embeddedNet(this);
      p.replace(net, 'createServer', sim.createServer as unknown as typeof net.createServer);
      p.replace(net, 'connect', sim.connect as unknown as typeof net.connect);
      p.replace(net, 'createConnection', sim.connect as unknown as typeof net.createConnection);
      p.replace(net, 'Socket', sim.Socket as unknown as typeof net.Socket);
      p.replace(net, 'Server', sim.Server as unknown as typeof net.Server);
      p.replace(dgram, 'createSocket', ((type: unknown, listener?: unknown) => this.createSocket(type, listener)) as typeof dgram.createSocket);
      // `sock instanceof dgram.Socket` holds for simulated sockets, so libraries that check it (npm stun's
      // createServer({ socket })) use the socket they were given instead of opening their own.
      const realHasInstance = Function.prototype[Symbol.hasInstance];
      const socketClass = dgram.Socket as unknown as { [Symbol.hasInstance]: (v: unknown) => boolean };
      p.replace(socketClass, Symbol.hasInstance, (v: unknown) => v instanceof EmbeddedUdpSocket || realHasInstance.call(dgram.Socket, v));
      const realInterfaces = os.networkInterfaces;
      const realHostname = os.hostname;
      p.replace(os, 'networkInterfaces', () => {
        const h = this.currentHost();
        return h ? hostNetworkInterfaces(h) : realInterfaces();
      });
      p.replace(os, 'hostname', () => this.currentHost()?.name ?? realHostname());
      if (this.init.seededRandom ?? true) installSeededRandom(p, this.world.sim.rng.fork('embed:random'));
      p.syncEsm();
      this.clock.install();
    } catch (err) {
      p.restore();
      throw err;
    }
    (dgram as Marked)[ACTIVE] = this;
    this.installed = true;
  }

  private createSocket(typeOrOptions: unknown, listener?: unknown): EmbeddedUdpSocket {
    const { type, ipv6Only } = parseSocketType(typeOrOptions);
    const host = this.currentHost();
    if (!host) {
      throw new EmbedScopeError('dgram.createSocket() was called outside any simulated host: wrap the code in ' +
        'run.onHost(host, () => ...) or set EmbeddedRunInit.defaultHost');
    }
    const sock = new EmbeddedUdpSocket(host, this, { type, ipv6Only });
    const o = typeof typeOrOptions === 'object' && typeOrOptions !== null ? typeOrOptions as { recvBufferSize?: number; sendBufferSize?: number } : {};
    if (o.recvBufferSize) sock.options.presetBufferSize('recv', o.recvBufferSize);
    if (o.sendBufferSize) sock.options.presetBufferSize('send', o.sendBufferSize);
    if (typeof listener === 'function') sock.on('message', listener as (...a: unknown[]) => void);
    return sock;
  }

  private assertInstalled(): void {
    if (!this.installed) throw new EmbedScopeError('this embedded run was uninstalled; install a new one');
  }
}

/** Installs a run on `world`, awaits `body(run)`, and always uninstalls. */
export async function withEmbedded<T>(world: World, init: EmbeddedRunInit, body: (run: EmbeddedRun) => Promise<T>): Promise<T> {
  const run = EmbeddedRun.install(world, init);
  try {
    return await body(run);
  } finally {
    run.uninstall();
  }
}

/** Runs `world` with the installed embedded run (see EmbeddedRun.run). `until` is absolute virtual time in ms. */
export function runAsync(world: World, opts: { until?: number; forMs?: number; condition?: () => boolean } = {}): Promise<RunStop> {
  const run = EmbeddedRun.active();
  if (!run || run.world !== world) throw new EmbedScopeError('runAsync: no embed scope is installed for this world (EmbeddedRun.install)');
  return run.run({ untilMs: opts.until, forMs: opts.forMs, condition: opts.condition });
}
