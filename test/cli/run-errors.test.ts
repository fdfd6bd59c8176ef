/**
 * An error inside a run (a timeline `send` whose socket cannot bind: EADDRINUSE) is shown in the CLI output,
 * in report.md and in report.html with its message, and `natsim run` exits with 3 (EXIT.runError).
 */
import { expect } from 'chai';
import { readFileSync } from 'fs';
import { join } from 'path';
import { EXIT } from '../../src/cli/cli-errors';
import { memoryIo } from '../../src/cli/cli-io';
import { runCommand } from '../../src/cli/run-command';
import { tempFolder } from './cli-fixtures';

const BUSY_PORT_YAML = `name: busy-port
duration: 5s
topology:
  networks:
    lan: { cidr: 10.0.0.0/24 }
  hosts:
    a: { network: lan, ip: 10.0.0.2 }
    b: { network: lan, ip: 10.0.0.3 }
agents:
  echo: { type: echo, host: a, port: 5000 }
timeline:
  - { at: 1s, send: { host: a, port: 5000, to: 10.0.0.3:9 } }
expectations:
  - { never: { node: lan, event: dropped } }
`;

describe('natsim run: errors inside a run', function () {
  this.timeout(60_000);

  it('shows a send that failed with EADDRINUSE in the output, report.md and report.html, and exits 3', async () => {
    const t = tempFolder({ 'busy.yaml': BUSY_PORT_YAML });
    try {
      const io = memoryIo();
      const out = join(t.dir, 'reports');
      const code = await runCommand([t.path('busy.yaml')], { jobs: '1', out }, io);
      expect(code).to.equal(EXIT.runError);
      expect(io.stdout).to.match(/x +the run has no errors: 1\.000s .* on a: .*EADDRINUSE/);
      const dir = join(out, 'busy-port');
      const md = readFileSync(join(dir, 'report.md'), 'utf8');
      expect(md).to.match(/## Errors during the run[^]*EADDRINUSE/);
      const html = readFileSync(join(dir, 'report.html'), 'utf8');
      expect(html).to.match(/<section id="run-errors"[^]*EADDRINUSE/);
    } finally {
      t.cleanup();
    }
  });
});
