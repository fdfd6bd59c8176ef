/**
 * `natsim discover`: builds a one-NAT world from flags (a preset, or RFC 4787 mapping and filtering, plus the
 * mapping timeout and hairpinning), runs RFC 5780 NAT behaviour discovery against a simulated RFC 5780 server on
 * the public side, and prints what it found next to what was configured, or one JSON object with --json.
 * The discovery itself (src/agents/stun discoverNat) only needs a HostEnv and a server address, so a real-network
 * variant can reuse it with real sockets.
 */
import type { Command } from 'commander';
import { buildDiscoveryLab, runDiscovery, LAB_SERVER } from '../../agents/stun/discovery-lab';
import type { DiscoveryResult, DiscoveryStep } from '../../agents/stun/discovery-types';
import type { StunTransactionInit } from '../../agents/stun/stun-transaction-timing';
import { discoveryJson } from '../../agents/stun/discovery-json';
import { formatTransportAddress } from '../../agents/stun/transport-address';
import { FILTERING_BEHAVIORS, MAPPING_BEHAVIORS, MappingBehavior, NatInit } from '../../nat/nat-config';
import { NatConfigError } from '../../nat/nat-errors';
import { NAT_PRESET_NAMES, isNatPresetName } from '../../nat/nat-presets';
import { resolveNatConfig } from '../../nat/nat-validate';
import { parseDuration, DURATION_HINT } from '../../scenario/format/units';
import { CliUsageError, EXIT } from '../cli-errors';
import { paint, useColour } from '../output';

/** The flags of `natsim discover`, as commander hands them over (strings unparsed). */
export interface DiscoverOptions {
  preset?: string;
  mapping?: string;
  filtering?: string;
  /**
   * With a unit, e.g. '45s'. Simulated: the NAT's mapping timeout. With --server: the wall-clock limit of the whole
   * run, after which the steps that finished are printed.
   */
  timeout?: string;
  /** STUN initial retransmission timeout with a unit, e.g. '200ms' (RFC 8489 §6.2.1 RTO). */
  rto?: string;
  /** STUN requests per transaction (RFC 8489 §6.2.1 Rc). */
  rc?: string;
  /** Final wait in multiples of the RTO (RFC 8489 §6.2.1 Rm). */
  rm?: string;
  /** true = --hairpin, false = --no-hairpin, undefined = the NAT's default. */
  hairpin?: boolean;
  /** Measure the binding lifetime (RFC 5780 §4.6; minutes of virtual time). */
  lifetime?: boolean;
  seed?: string;
  json?: boolean;
  /** A real RFC 5780 server (`HOST:PORT`): discover from this machine over real UDP instead of simulating. */
  server?: string;
}

const quoted = (list: readonly string[]): string => list.map((s) => `'${s}'`).join(', ');

function behaviour(flag: string, value: string | undefined): MappingBehavior | undefined {
  if (value === undefined) return undefined;
  if ((MAPPING_BEHAVIORS as readonly string[]).includes(value)) return value as MappingBehavior;
  throw new CliUsageError(`${flag} '${value}' is not an RFC 4787 behaviour; valid: ${quoted(MAPPING_BEHAVIORS)}`);
}

/** Turns the flags into NAT settings and a seed; throws CliUsageError saying what would be valid. */
export function natFromOptions(opts: DiscoverOptions): { nat: NatInit; seed: number } {
  if (opts.preset !== undefined && (opts.mapping !== undefined || opts.filtering !== undefined)) {
    throw new CliUsageError('give either --preset or --mapping/--filtering, not both (a preset already sets mapping and filtering)');
  }
  if (opts.preset !== undefined && !isNatPresetName(opts.preset)) {
    throw new CliUsageError(`--preset '${opts.preset}' is not a NAT preset; valid: ${quoted(NAT_PRESET_NAMES)}`);
  }
  const nat: NatInit = opts.preset !== undefined ? { preset: opts.preset as NatInit['preset'] } : {};
  const mapping = behaviour('--mapping', opts.mapping);
  const filtering = behaviour('--filtering', opts.filtering);
  if (mapping) nat.mapping = mapping;
  if (filtering) nat.filtering = filtering;
  if (opts.timeout !== undefined) {
    const d = parseDuration(opts.timeout);
    if (!d.ok || d.value <= 0) throw new CliUsageError(`--timeout '${opts.timeout}' is not a positive duration; write ${DURATION_HINT.replace(' (or 0)', '')}`);
    nat.mappingTimeout = d.value;
  }
  if (opts.hairpin !== undefined) nat.hairpinning = opts.hairpin;
  if (!/^\d{1,15}$/.test(opts.seed ?? '1')) throw new CliUsageError(`--seed '${opts.seed}' is not valid; valid: a whole number >= 0`);
  const seed = Number(opts.seed ?? '1');
  try {
    resolveNatConfig(nat, { path: 'discover', externalIps: ['198.51.100.10'] });
  } catch (err) {
    if (err instanceof NatConfigError) throw new CliUsageError(`these flags do not make a valid NAT: ${err.problem} (${err.path}); valid: ${err.valid}`);
    throw err;
  }
  return { nat, seed };
}

/** --rto / --rc / --rm as RFC 8489 §6.2.1 transaction timers (defaults where not given); CliUsageError when bad. */
export function transactionFromOptions(opts: DiscoverOptions): StunTransactionInit {
  const t: StunTransactionInit = {};
  if (opts.rto !== undefined) {
    const d = parseDuration(opts.rto);
    if (!d.ok || d.value <= 0) throw new CliUsageError(`--rto '${opts.rto}' is not a positive duration; write ${DURATION_HINT.replace(' (or 0)', '')}`);
    t.rto = d.value;
  }
  if (opts.rc !== undefined) {
    if (!/^\d{1,2}$/.test(opts.rc) || +opts.rc < 1 || +opts.rc > 30) throw new CliUsageError(`--rc '${opts.rc}' is not valid; valid: a whole number of requests from 1 to 30 (RFC 8489 default 7)`);
    t.rc = Number(opts.rc);
  }
  if (opts.rm !== undefined) {
    if (!/^\d{1,3}$/.test(opts.rm) || +opts.rm < 1) throw new CliUsageError(`--rm '${opts.rm}' is not valid; valid: a whole number >= 1 of RTOs to wait after the last request (RFC 8489 default 16)`);
    t.rm = Number(opts.rm);
  }
  return t;
}

/** Runs `natsim discover` and returns what it prints. Throws CliUsageError for bad flags. */
export function discoverCommand(opts: DiscoverOptions, colour = false): string {
  const { nat, seed } = natFromOptions(opts);
  const transaction = transactionFromOptions(opts);
  const lab = buildDiscoveryLab({ nat, seed, trace: 'summary' });
  const result = runDiscovery(lab.world, lab.client, lab.serverAddress, { lifetime: opts.lifetime === true, transaction });
  if (opts.json) return `${JSON.stringify(discoveryJson(result))}\n`;
  return discoverText(nat, seed, result, colour);
}

/** The configured timeout(s): one, or 'new / once a reply was seen' (establishedTimeout). */
function timeouts(mappingMs: number, establishedMs: number): string {
  return mappingMs === establishedMs ? seconds(mappingMs) : `${seconds(mappingMs)}, ${seconds(establishedMs)} once a reply was seen`;
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Number(ms.toFixed(1))} ms`; // real runs time in fractional ms
}

/** What the simulated NAT was configured to do, shown beside each finding (none for a real network). */
interface Configured {
  readonly mapping: string;
  readonly filtering: string;
  readonly hairpinning?: string;
  readonly lifetime?: string;
  readonly inboundRefresh?: string;
}

/** One line per finding, from the public address to the RFC 3489 type, each with its configured value if known. */
function findingLines(r: DiscoveryResult, colour: boolean, cfg?: Configured): string[] {
  const conf = (v: string | undefined): string => (v === undefined ? '' : paint(`(configured: ${v})`, 'grey', colour));
  const stopped = (step: DiscoveryStep): boolean => r.unfinished?.includes(step) === true;
  const notFinished = 'not finished (time limit)';
  const yesNo = (v: boolean | null): string => (stopped('hairpinning') ? notFinished : v === null ? 'not tested' : v ? 'yes' : 'no');
  const row = (k: string, v: string, c = ''): string => `  ${k.padEnd(20)}${v.padEnd(30)}${c}`.trimEnd();
  const lifetime = stopped('lifetime') ? notFinished : r.mappingLifetimeMs !== null
    ? `${seconds(r.mappingLifetimeMs)} (expired at ${seconds(r.lifetime!.expiredMs!)})`
    : r.lifetime ? 'longer than the longest probe' : 'not measured (add --lifetime)';
  const lines = [
    row('public address', r.publicAddress ? formatTransportAddress(r.publicAddress) : 'none'),
    row('mapping', stopped('mapping') ? notFinished : r.mapping ?? 'unknown', conf(cfg?.mapping)),
    row('filtering', stopped('filtering') ? notFinished : r.filtering ?? 'unknown', conf(cfg?.filtering)),
    row('hairpinning', yesNo(r.hairpinning), conf(cfg?.hairpinning)),
    row('binding lifetime', lifetime, conf(cfg?.lifetime)),
  ];
  if (r.outboundRefresh !== undefined) lines.push(row('outbound refresh', yesNo(r.outboundRefresh)));
  if (r.inboundRefresh !== undefined) lines.push(row('inbound refresh', yesNo(r.inboundRefresh), conf(cfg?.inboundRefresh)));
  lines.push(row('RFC 3489 type', paint(r.classic, 'bold', colour)));
  return lines;
}

/** The readable report: each finding with the configured value beside it. */
function discoverText(nat: NatInit, seed: number, r: DiscoveryResult, colour: boolean): string {
  const cfg = resolveNatConfig(nat, { externalIps: ['198.51.100.10'] });
  const what = nat.preset ? `preset '${nat.preset}'` : 'custom settings';
  const yes = (v: boolean): string => (v ? 'yes' : 'no');
  const configured: Configured = cfg.translate
    ? {
      mapping: cfg.mapping, filtering: cfg.filtering, hairpinning: yes(cfg.hairpinning),
      lifetime: timeouts(cfg.mappingTimeout, cfg.establishedTimeout), inboundRefresh: yes(cfg.inboundRefresh),
    }
    : { mapping: 'no NAT', filtering: 'no NAT' };
  const lines = [
    paint(`natsim discover: client 192.168.1.10 behind a NAT with ${what}, seed ${seed}`, 'bold', colour),
    `RFC 5780 server ${LAB_SERVER.addresses.join(' + ')}, ports ${LAB_SERVER.ports.join('/')}`,
    '',
    ...findingLines(r, colour, configured),
    '',
    `took ${seconds(r.durationMs)} of virtual time, ${r.transactions} Binding transactions`,
  ];
  if (cfg.translate && cfg.hairpinning && r.hairpinning === false) {
    lines.push('hairpinning: the NAT hairpins, but filters the looped-back packet from a mapped address no client can predict');
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}

/** Flags that only describe the simulated NAT, so they make no sense with --server (--timeout changes meaning). */
const SIMULATION_ONLY: (keyof DiscoverOptions)[] = ['preset', 'mapping', 'filtering', 'hairpin', 'seed'];

/**
 * `natsim discover --server HOST:PORT`: the same discovery (src/agents/stun) from this machine over real UDP sockets
 * and the wall clock, printed the same way (one JSON object with --json). A server that never answers is what
 * RFC 3489 calls 'udp-blocked' (exit 0, like any other finding). `--timeout` limits the whole run: when it is
 * reached, the steps that finished are printed, the others say "not finished", and the exit code is 1.
 */
export async function discoverServerCommand(opts: DiscoverOptions, colour = false): Promise<string> {
  const given = SIMULATION_ONLY.filter((k) => opts[k] !== undefined);
  if (given.length) {
    throw new CliUsageError(`--${given[0]} describes the simulated NAT and cannot be combined with --server (the real network's NAT is whatever it is)`);
  }
  // Loaded here, not at start: only --server uses real sockets (the simulated discover must start fast).
  const { discoverReal, RealOptionError } = require('../../real') as typeof import('../../real');
  let timeoutMs: number | undefined;
  if (opts.timeout !== undefined) {
    const d = parseDuration(opts.timeout);
    if (!d.ok || d.value <= 0) throw new CliUsageError(`--timeout '${opts.timeout}' is not a positive duration; write ${DURATION_HINT.replace(' (or 0)', '')}`);
    timeoutMs = d.value;
  }
  const transaction = transactionFromOptions(opts);
  let result: DiscoveryResult;
  try {
    result = await discoverReal(opts.server!, { lifetime: opts.lifetime === true, transaction, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  } catch (err) {
    if (err instanceof RealOptionError) throw new CliUsageError(err.message);
    throw err;
  }
  if (result.unfinished) process.exitCode = EXIT.failed;
  if (opts.json) return `${JSON.stringify(discoveryJson(result))}\n`;
  const lines = [
    paint(`natsim discover: this machine against ${opts.server}`, 'bold', colour),
    result.otherAddress ? `RFC 5780 server, alternate address ${formatTransportAddress(result.otherAddress)}` : 'server without an alternate address (no OTHER-ADDRESS): mapping and filtering tests are limited',
    ...(result.unfinished ? [paint(`stopped at the time limit: results of the steps that finished (not finished: ${result.unfinished.join(', ')})`, 'bold', colour)] : []),
    '',
    ...findingLines(result, colour),
    '',
    `took ${seconds(result.durationMs)}, ${result.transactions} Binding transactions`,
    ...result.notes.map((n) => `note: ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Registers `natsim discover`. */
export function register(program: Command): void {
  program
    .command('discover')
    .description('run RFC 5780 NAT behaviour discovery against a simulated NAT built from flags, or with --server against a real server')
    .option('--server <host:port>', 'discover this machine\'s NAT against a real RFC 5780 STUN server (real UDP, wall clock)')
    .option('--preset <name>', `NAT preset: ${NAT_PRESET_NAMES.join(', ')}`)
    .option('--mapping <behaviour>', `RFC 4787 mapping: ${MAPPING_BEHAVIORS.join(', ')}`)
    .option('--filtering <behaviour>', `RFC 4787 filtering: ${FILTERING_BEHAVIORS.join(', ')}`)
    .option('--timeout <duration>', 'simulated: the NAT mapping timeout, e.g. 45s; with --server: give up after this long (wall clock, default 2m, 1h with --lifetime) and print the steps that finished')
    .option('--rto <duration>', 'STUN initial retransmission timeout (RFC 8489 §6.2.1 RTO, default 500ms)')
    .option('--rc <n>', 'STUN requests per transaction (RFC 8489 §6.2.1 Rc, default 7)')
    .option('--rm <n>', 'wait after the last request, in RTOs (RFC 8489 §6.2.1 Rm, default 16)')
    .option('--hairpin', 'the NAT hairpins (RFC 4787 REQ-9)')
    .option('--no-hairpin', 'the NAT does not hairpin')
    .option('--lifetime', 'also measure the binding lifetime (RFC 5780 §4.6)')
    .option('--seed <n>', 'random seed (simulation only)')
    .option('--json', 'print one JSON object')
    .action(async (opts: DiscoverOptions) => {
      const colour = !opts.json && useColour();
      process.stdout.write(opts.server !== undefined ? await discoverServerCommand(opts, colour) : discoverCommand(opts, colour));
    });
}
