import { expect } from 'chai';
import { Command } from 'commander';
import { writeFileSync } from 'fs';
import net = require('net');
import { join } from 'path';
import { CliUsageError } from '../../src/cli/cli-errors';
import { register } from '../../src/cli/commands/serve';
import { startTurnService } from '../../src/real';
import { makeSelfSignedCert, TestCert } from '../interop/coturn/tls-cert';
import { skipLoudly } from '../report/support/tools';

// `natsim serve turn` TCP and TLS flags, in process. Ports 37200-37219 belong to this file.
describe('natsim serve turn: TCP and TLS flags', function () {
  this.timeout(20_000);
  let cert: TestCert | undefined;
  let other: TestCert | undefined;
  before(function () {
    cert = makeSelfSignedCert();
    other = makeSelfSignedCert();
    if (!cert || !other) skipLoudly(this, 'openssl is not installed: no certificate for the TLS flag tests');
  });
  after(() => {
    cert?.remove();
    other?.remove();
  });

  async function parse(args: string[]): Promise<unknown> {
    const program = new Command('natsim').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    register(program);
    return program.parseAsync(['node', 'natsim', ...args]).then(() => undefined, (e: unknown) => e);
  }
  const base = ['serve', 'turn', '--listen', '127.0.0.1:37200', '--user', 'a:b'];

  const cases: [string, () => string[], RegExp][] = [
    ['--tls-listen without --tls-cert and --tls-key', () => ['--tls-listen', '127.0.0.1:37201'], /--tls-cert: TLS needs --tls-listen, --tls-cert and --tls-key together; missing --tls-cert, --tls-key/],
    ['--tls-cert and --tls-key without --tls-listen', () => ['--tls-cert', cert!.certFile, '--tls-key', cert!.keyFile], /--tls-listen: TLS needs .* missing --tls-listen/],
    ['a certificate file that does not exist', () => ['--tls-listen', '127.0.0.1:37201', '--tls-cert', '/nonexistent/cert.pem', '--tls-key', cert!.keyFile], /--tls-cert: cannot read '\/nonexistent\/cert\.pem' \(ENOENT\)/],
    ['a key file that is not PEM', () => {
      const bad = join(cert!.dir, 'not-a-key.txt');
      writeFileSync(bad, 'hello');
      return ['--tls-listen', '127.0.0.1:37201', '--tls-cert', cert!.certFile, '--tls-key', bad];
    }, /--tls-key: '.*not-a-key\.txt' is not a PEM file with a PRIVATE KEY block/],
    ['a key that does not belong to the certificate', () => ['--tls-listen', '127.0.0.1:37201', '--tls-cert', cert!.certFile, '--tls-key', other!.keyFile], /--tls-key: the key .* and certificate .* cannot be used together: .*(key values mismatch|KEY_VALUES_MISMATCH)/i],
    ['a TLS listen address that is not IP:PORT', () => ['--tls-listen', '5349', '--tls-cert', cert!.certFile, '--tls-key', cert!.keyFile], /--tls-listen: '5349' is not HOST:PORT|--tls-listen: '5349' is not an IPv4/],
  ];
  for (const [story, extra, message] of cases) {
    it(`rejects ${story} as a usage error (exit 2), before listening`, async () => {
      const err = await parse([...base, ...extra()]);
      expect(err).to.be.instanceOf(CliUsageError);
      expect((err as Error).message).to.match(message);
    });
  }

  it('serves TCP on the --listen port by default, and not with --no-tcp', async () => {
    const connects = (port: number): Promise<boolean> => new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    const withTcp = await startTurnService({ listen: '127.0.0.1:37210', users: ['a:b'] });
    try {
      expect(await connects(37210)).to.equal(true);
    } finally {
      withTcp.close();
    }
    const udpOnly = await startTurnService({ listen: '127.0.0.1:37211', users: ['a:b'], tcp: false });
    try {
      expect(await connects(37211)).to.equal(false);
    } finally {
      udpOnly.close();
    }
  });

  it('fails to start (ServiceStartError, exit 1) when the TCP port is taken though UDP is free', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(37212, '127.0.0.1', r));
    try {
      const err = await startTurnService({ listen: '127.0.0.1:37212', users: ['a:b'] }).then(() => undefined, (e: unknown) => e);
      expect(String(err)).to.match(/TURN server on 127\.0\.0\.1:37212 could not start: .*EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });
});
