/** Starts natsim CLI commands as child processes for tests, and collects their output. */
import { ChildProcess, spawn } from 'child_process';
import { NATSIM_BIN, ROOT } from '../support/compiled-cli';

/** A running CLI process. */
export interface CliProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  /** Resolves when a stdout line matches. */
  waitFor(re: RegExp, ms?: number): Promise<string>;
}

/** Spawns `natsim <args>` through bin/natsim.js (the compiled CLI, kept fresh by the test set-up), exactly as a user runs it. */
export function natsim(args: string[]): CliProcess {
  const child = spawn(process.execPath, [NATSIM_BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      stdout.push(line);
      for (const w of waiters.splice(0)) {
        if (w.re.test(line)) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child, stdout, stderr, exited,
    waitFor: (re, ms = 60_000) => { // ts-node start-up takes tens of seconds on a loaded 2-CPU machine
      const seen = stdout.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no stdout line matching ${re} within ${ms} ms; stdout: ${stdout.join('\n')}; stderr: ${stderr.join('')}`)), ms);
        waiters.push({ re, resolve: (l) => { clearTimeout(t); resolve(l); } });
      });
    },
  };
}
