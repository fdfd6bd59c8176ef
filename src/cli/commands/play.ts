/**
 * `natsim play`: builds the browser playground (src/playground) and serves it on 127.0.0.1, printing the URL, until
 * SIGINT or SIGTERM. Lessons, editor, runs and reports all live in the page; nothing is sent anywhere else.
 */
import type { Command } from 'commander';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { buildSite } from '../../playground/build-site';
import { serveSite } from '../../playground/serve-site';
import { CliUsageError } from '../cli-errors';

interface PlayFlags {
  port: string;
  out?: string;
}

/** Registers `play`. */
export function register(program: Command): void {
  program.command('play')
    .description('serve the browser playground (lessons, editor, runs and interactive reports) on 127.0.0.1 and print its URL')
    .option('--port <n>', 'TCP port on 127.0.0.1 (0 picks a free one)', '0')
    .option('--out <dir>', 'build the site into this folder and keep it (default: a temporary folder)')
    .action(async (flags: PlayFlags) => {
      const port = /^\d{1,5}$/.test(flags.port) ? Number(flags.port) : NaN; // Number('') and Number(' 8') pass as ports
      if (!(port <= 65535)) {
        throw new CliUsageError(`--port ${flags.port}: expected an integer 0-65535`);
      }
      const dir = flags.out ? resolve(flags.out) : mkdtempSync(join(tmpdir(), 'natsim-play-'));
      buildSite(dir);
      const server = await serveSite(dir, port);
      process.stdout.write(`natsim playground: ${server.url}\n(open it in a browser; Ctrl-C stops)\n`);
      await new Promise<void>((done) => {
        const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); done(); };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      if (!flags.out) rmSync(dir, { recursive: true, force: true });
    });
}
