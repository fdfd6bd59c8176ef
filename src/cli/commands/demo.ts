/** `natsim demo`: runs the built-in demo topology and prints its packet trace. */
import type { Command } from 'commander';
import { buildDemoWorld } from '../demo-world';
import { formatTraceLine } from '../trace-printer';
import { paint, useColour } from '../output';

/** Runs the demo and returns its printed trace. */
export function demoText(seed = 1, colour = false): string {
  const w = buildDemoWorld(seed);
  const lines: string[] = [
    paint('natsim demo: alice behind a port-restricted cone NAT, bob behind a symmetric NAT, a public echo server', 'bold', colour),
    'alice 192.168.1.10 -- nat-a 203.0.113.10 -- internet -- 203.0.113.20 nat-b -- 10.0.0.10 bob; server 203.0.113.100',
    '',
  ];
  w.sim.trace.subscribe((ev) => {
    const line = formatTraceLine(ev, colour);
    if (line) lines.push(line);
  });
  w.runFor(1000);
  const drops = w.sim.trace.counter('dropped');
  lines.push('', `${w.sim.trace.counter('translated')} translations, ${drops} drop(s). trace hash ${w.sim.trace.digest().slice(0, 16)}`);
  lines.push('Why: bob\'s symmetric NAT gave alice\'s packet a new port and only admits replies from that one destination,');
  lines.push('and alice\'s port-restricted NAT drops bob\'s packet from a port alice never sent to (nat-filtered).');
  return `${lines.join('\n')}\n`;
}

/** Registers `natsim demo`. */
export function register(program: Command): void {
  program
    .command('demo')
    .description('run a small built-in topology and print its packet trace')
    .option('--seed <n>', 'random seed', '1')
    .action((opts: { seed: string }) => {
      process.stdout.write(demoText(Number(opts.seed), useColour()));
    });
}
