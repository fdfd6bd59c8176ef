import { expect } from 'chai';
import dgram = require('dgram');
import { Command, CommanderError } from 'commander';
import { discoverReal, startTurnService } from '../../src/real';
import { register } from '../../src/cli/commands/serve';
import { CliUsageError } from '../../src/cli/cli-errors';
import { allocatedClient, closeClient } from './real-helpers';
import { CliProcess, natsim } from './cli-process';

// Loopback only. Ports 35200-35299 belong to this file.
describe('natsim serve (child processes on loopback)', function () {
  this.timeout(150_000); // each CLI child compiles TypeScript at start: tens of seconds on a loaded machine
  const running: CliProcess[] = [];
  after(() => {
    for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  });
  function start(args: string[]): CliProcess {
    const p = natsim(args);
    running.push(p);
    return p;
  }

  it('serve stun --alt runs an RFC 5780 server that discovery uses, and stops cleanly on SIGINT', async () => {
    const p = start(['serve', 'stun', '--listen', '127.0.0.1:35200', '--alt', '127.0.0.2:35201']);
    await p.waitFor(/ stun-server started .*127\.0\.0\.2:35201/);
    const r = await discoverReal('127.0.0.1:35200', { localAddresses: ['127.0.0.1'] });
    expect([r.mapping, r.filtering, r.classic]).to.deep.equal(['endpoint-independent', 'endpoint-independent', 'open']);
    p.child.kill('SIGINT');
    expect(await p.exited).to.equal(0);
    expect(p.stdout.some((l) => / natsim stopped signal=SIGINT/.test(l))).to.equal(true);
  });

  it('serve stun --verbose logs one request line per request, with where it arrived and where the answer came from', async () => {
    const p = start(['serve', 'stun', '--listen', '127.0.0.1:35260', '--alt', '127.0.0.2:35261', '--verbose']);
    await p.waitFor(/ stun-server started /);
    const c = dgram.createSocket('udp4');
    await new Promise<void>((r) => c.bind(0, '127.0.0.1', r));
    const answers: string[] = [];
    c.on('message', (_m, r) => answers.push(`${r.address}:${r.port}`));
    const req = (id: number, change?: number): Buffer => {
      const attr = change === undefined ? Buffer.alloc(0) : Buffer.from(`00030004${change.toString(16).padStart(8, '0')}`, 'hex');
      const head = Buffer.from(`0001${attr.length.toString(16).padStart(4, '0')}2112a442${id.toString(16).padStart(24, '0')}`, 'hex');
      return Buffer.concat([head, attr]);
    };
    c.send(req(1), 35260, '127.0.0.1');
    c.send(req(2), 35261, '127.0.0.2');
    c.send(req(3, 0x6), 35260, '127.0.0.1'); // CHANGE-REQUEST change IP and port
    const me = `127.0.0.1:${c.address().port}`;
    for (let i = 0; i < 200 && (answers.length < 3 || p.stdout.filter((l) => / request /.test(l)).length < 3); i++) await new Promise((r) => setTimeout(r, 50));
    c.close();
    expect(answers.sort()).to.deep.equal(['127.0.0.1:35260', '127.0.0.2:35261', '127.0.0.2:35261']);
    // Three sockets: the log lines need not come in sending order.
    const lines = p.stdout.filter((l) => / stun-server request /.test(l)).map((l) => l.replace(/^\S+ /, '')).sort();
    expect(lines).to.deep.equal([
      `stun-server request from=${me} to=127.0.0.1:35260 change=ip+port status=success via=127.0.0.2:35261`,
      `stun-server request from=${me} to=127.0.0.1:35260 status=success via=127.0.0.1:35260`,
      `stun-server request from=${me} to=127.0.0.2:35261 status=success via=127.0.0.2:35261`,
    ]);
    p.child.kill('SIGINT');
    expect(await p.exited).to.equal(0);
  });

  it('serve turn logs one line per allocation and per error, and stops cleanly on SIGTERM', async () => {
    const p = start(['serve', 'turn', '--listen', '127.0.0.1:35210', '--realm', 'sim.test', '--user', 'alice:secret', '--relay-ports', '35220-35229']);
    await p.waitFor(/ turn-server listening /);
    const { client } = await allocatedClient({ server: { address: '127.0.0.1', port: 35210 }, username: 'alice', password: 'secret' });
    await p.waitFor(/ turn-server allocated .*username=alice .*relayed=127\.0\.0\.1:352[2]\d/);
    await closeClient(client);
    await p.waitFor(/ turn-server allocation-deleted /);
    p.child.kill('SIGTERM');
    expect(await p.exited).to.equal(0);
    // The unauthenticated first Allocate is answered 401 (RFC 8656 §7.2) and logged as an error line.
    expect(p.stdout.filter((l) => / error-response .*code=401/.test(l))).to.have.length(1);
    expect(p.stdout.filter((l) => / allocated /.test(l))).to.have.length(1);
  });

  it('discover --server --json prints the same JSON object as the simulated discover, from a real server', async () => {
    const srv = start(['serve', 'stun', '--listen', '127.0.0.1:35250', '--alt', '127.0.0.2:35251']);
    await srv.waitFor(/ stun-server started /);
    const d = start(['discover', '--server', '127.0.0.1:35250', '--json']);
    expect(await d.exited).to.equal(0);
    expect(d.stdout.filter((l) => l.trim())).to.have.length(1);
    // This machine reaches loopback without a NAT: endpoint-independent both ways, hairpinning, RFC 3489 'open'.
    expect(JSON.parse(d.stdout[0])).to.deep.equal({
      mapping: 'endpoint-independent', filtering: 'endpoint-independent', hairpinning: true, mappingLifetimeMs: null, classic: 'open',
    });
    srv.child.kill('SIGINT');
    expect(await srv.exited).to.equal(0);
  });

  it('discover --server refuses simulated-NAT flags with exit 2 and says why', async () => {
    const d = start(['discover', '--server', '127.0.0.1:35252', '--preset', 'symmetric']);
    expect(await d.exited).to.equal(2);
    expect(d.stderr.join('')).to.match(/--preset describes the simulated NAT and cannot be combined with --server/);
  });

});

describe('natsim serve flags (in process)', () => {
  async function parse(args: string[]): Promise<unknown> {
    const program = new Command('natsim').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    register(program);
    return program.parseAsync(['node', 'natsim', ...args]).then(() => undefined, (e: unknown) => e);
  }

  const cases: [string, string[], RegExp][] = [
    ['no user and no secret', ['serve', 'turn', '--listen', '127.0.0.1:35231'], /--user: give at least one/],
    ['a listen address that is not an IP address', ['serve', 'turn', '--listen', 'nohost:3478', '--user', 'a:b'], /--listen: 'nohost' is not an IP address \(an IPv4 one like 127\.0\.0\.1 or an IPv6 one in brackets like \[::1\]\)/],
    ['no --listen for turn', ['serve', 'turn', '--user', 'a:b'], /--listen: give at least one listen address, like 127\.0\.0\.1:3478 or \[::1\]:3478/],
    ['an IPv6 listen address without brackets', ['serve', 'turn', '--listen', '::1', '--user', 'a:b'], /--listen: '::1': put an IPv6 address in brackets and add the port, like \[::1\]:3478/],
    ['an IPv4 address in brackets', ['serve', 'stun', '--listen', '[127.0.0.1]:3478'], /--listen: '127\.0\.0\.1' in brackets is not an IPv6 address/],
    ['one listen address twice', ['serve', 'turn', '--listen', '[::1]:35237', '--listen', '[0:0::1]:35237', '--user', 'a:b'], /--listen: \[::1\]:35237 is given twice/],
    ['two IPv4 relays', ['serve', 'turn', '--listen', '127.0.0.1:35237', '--user', 'a:b', '--relay', '127.0.0.1', '--relay', '127.0.0.2'], /--relay: two IPv4 relay addresses \(127\.0\.0\.1, 127\.0\.0\.2\); give at most one per family/],
    ['a relay that is not an IP address', ['serve', 'turn', '--listen', '127.0.0.1:35237', '--user', 'a:b', '--relay', 'relayhost'], /--relay: 'relayhost' is not an IP address \(like 127\.0\.0\.1 or ::1\)/],
    ['--relay and --relay-ip together', ['serve', 'turn', '--listen', '127.0.0.1:35237', '--user', 'a:b', '--relay', '::1', '--relay-ip', '127.0.0.1'], /--relay-ip: give --relay \(repeatable\) or --relay-ip, not both/],
    ['an RFC 5780 alternate of the other family', ['serve', 'stun', '--listen', '127.0.0.1:35238', '--alt', '[::1]:35239'], /127\.0\.0\.1 and ::1 are of different families.*two IPv4 or two IPv6 addresses/],
    ['a listen address without a port', ['serve', 'stun', '--listen', '127.0.0.1'], /--listen: '127.0.0.1' is not HOST:PORT/],
    ['a reversed relay port range', ['serve', 'turn', '--listen', '127.0.0.1:35232', '--user', 'a:b', '--relay-ports', '9-1'], /--relay-ports: '9-1' is not a port range/],
    ['a user without a password separator', ['serve', 'turn', '--listen', '127.0.0.1:35232', '--user', 'alice'], /--user: 'alice' is not name:password/],
    ['an RFC 5780 alternate on the same address', ['serve', 'stun', '--listen', '127.0.0.1:35233', '--alt', '127.0.0.1:35234'], /--alt: RFC 5780 needs a second address AND a second port/],
    ['an RFC 5780 alternate on the same port', ['serve', 'stun', '--listen', '127.0.0.1:35233', '--alt', '127.0.0.2:35233'], /second port/],
    ['a peer prefix that is not one', ['serve', 'turn', '--listen', '127.0.0.1:35235', '--user', 'a:b', '--allow-peer', 'localhost'], /--allow-peer: 'localhost' is not an IP address or CIDR prefix/],
    ['a deny prefix longer than 32 bits', ['serve', 'turn', '--listen', '127.0.0.1:35235', '--user', 'a:b', '--deny-peer', '10.0.0.0/40'], /--deny-peer: '10\.0\.0\.0\/40'/],
    ['a negative limit', ['serve', 'turn', '--listen', '127.0.0.1:35235', '--user', 'a:b', '--max-bandwidth', '-5'], /--max-bandwidth: '-5' must be a number >= 0/],
    ['a zero nonce lifetime', ['serve', 'turn', '--listen', '127.0.0.1:35235', '--user', 'a:b', '--nonce-lifetime', '0'], /--nonce-lifetime: must be > 0/],
    ['a STUN request rate that is not a number', ['serve', 'stun', '--listen', '127.0.0.1:35236', '--max-requests', 'lots'], /--max-requests: 'lots' must be a number/],
  ];
  for (const [story, args, message] of cases) {
    it(`rejects ${story} as a usage error (exit 2)`, async () => {
      const err = await parse(args);
      expect(err).to.be.instanceOf(CliUsageError);
      expect((err as Error).message).to.match(message);
    });
  }

  it('rejects a missing --listen through commander (exit 2)', async () => {
    const err = await parse(['serve', 'stun']);
    expect(err).to.be.instanceOf(CommanderError);
    expect((err as CommanderError).code).to.equal('commander.missingMandatoryOptionValue');
  });

  it('sets exit code 1 and says why when the port is taken', async () => {
    const taken = await startTurnService({ listen: '127.0.0.1:35240', users: ['a:b'] });
    const writes: string[] = [];
    const [errWrite, outWrite] = [process.stderr.write, process.stdout.write];
    process.stderr.write = ((s: string) => (writes.push(s), true)) as typeof process.stderr.write;
    process.stdout.write = ((s: string) => (writes.push(s), true)) as typeof process.stdout.write;
    try {
      const err = await parse(['serve', 'turn', '--listen', '127.0.0.1:35240', '--user', 'a:b']);
      expect(err).to.equal(undefined);
      expect(process.exitCode).to.equal(1);
    } finally {
      [process.stderr.write, process.stdout.write] = [errWrite, outWrite];
      process.exitCode = undefined;
      taken.close();
    }
    expect(writes.join('')).to.match(/TURN server on 127\.0\.0\.1:35240 could not start: .*EADDRINUSE/);
  });
});
