/**
 * Small scenario files and helpers for the CLI tests: files written to a fresh temp folder, and `natsim <args>` run
 * in this process (runCli) with its stdout and stderr captured.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from '../../src/cli/program';

const TOPOLOGY = (preset: string) => `
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms, jitter: 5ms }
    home: { cidr: 192.168.1.0/24, latency: 1ms }
  nats:
    home-nat:
      preset: ${preset}
      inside: { network: home, ip: 192.168.1.1 }
      outside: { network: internet, ip: 203.0.113.10 }
  hosts:
    laptop: { network: home, ip: 192.168.1.10 }
    echo-server: { network: internet, ip: 203.0.113.7 }
`;

const AGENTS = (count: string) => `
agents:
  echo: { type: echo, host: echo-server, port: 7 }
  pinger:
    type: traffic
    host: laptop
    port: 5000
    to: echo
    count: ${count}
    every: 1s
`;

/** Every expectation holds (the jitter makes the trace depend on the seed). */
export const PASS_YAML = `name: cli-pass
duration: 5s
${TOPOLOGY('port-restricted-cone')}${AGENTS('3')}
expectations:
  - { name: three echoes, count: delivered, node: laptop, port: 5000, eq: 3 }
`;

/** One of two expectations fails. */
export const FAIL_YAML = `name: cli-fail
duration: 5s
${TOPOLOGY('port-restricted-cone')}${AGENTS('3')}
expectations:
  - { name: three echoes, count: delivered, node: laptop, port: 5000, eq: 3 }
  - { name: four echoes, count: delivered, node: laptop, port: 5000, eq: 4 }
`;

/** A 2 x 2 sweep whose cells all pass; each cell has its own name. */
export const SWEEP_YAML = `name: cli-sweep-\${preset}-\${n}
duration: 3s
sweep:
  preset: [full-cone, symmetric]
  n: [1, 2]
${TOPOLOGY('${preset}')}${AGENTS('${n}')}
expectations:
  - name: echoes
    count: delivered
    node: laptop
    port: 5000
    eq: \${n}
`;

/** A misspelled NAT key ('filtring'). */
export const BAD_KEY_YAML = PASS_YAML.replace('name: cli-pass', 'name: cli-bad').replace('preset: port-restricted-cone', 'preset: port-restricted-cone\n      filtring: endpoint-independent');

/** Valid for the format, but cannot be built: a setNat that turns the NAT into no NAT. */
export const UNBUILDABLE_YAML = `${PASS_YAML.replace('name: cli-pass', 'name: cli-unbuildable')}
timeline:
  - { at: 1s, setNat: { nat: home-nat, preset: open } }
`;

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** A temp folder with the given files; `cleanup()` removes it. */
export function tempFolder(files: Record<string, string> = {}): { dir: string; path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'natsim-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What `natsim <args>` did in this process. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs `natsim <args>` through runCli (commander, exit codes) in this process with NO_COLOR set, capturing what
 * it writes to stdout and stderr. process.exitCode is restored afterwards, so the test run's own code is kept.
 */
export async function natsimInProcess(...args: string[]): Promise<CliRun> {
  const savedCode = process.exitCode;
  const savedNoColor = process.env.NO_COLOR;
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = (to: string[]) => ((chunk: string | Uint8Array) => {
    to.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  }) as typeof process.stdout.write;
  process.exitCode = undefined;
  process.env.NO_COLOR = '1';
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    const code = await runCli(['node', 'natsim', ...args]);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    if (savedNoColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = savedNoColor;
    process.exitCode = savedCode;
  }
}

/** Every file of a folder tree: relative path -> bytes (to compare report folders byte for byte). */
export function filesOf(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = join(prefix, e.name);
    if (e.isDirectory()) for (const [k, v] of filesOf(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, rel)));
  }
  return out;
}
