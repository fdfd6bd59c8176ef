import { expect } from 'chai';
import { ServerLog, startTurnService, TurnService } from '../../../src/real';
import { natsim } from '../../real/cli-process';
import { skipLoudly } from '../../report/support/tools';
import { CoturnPaths, Lab, parseUclient, requireCoturn, startPeer } from './coturn-helpers';
import { makeSelfSignedCert, TestCert } from './tls-cert';

/** turnutils_uclient over TCP (-t), optionally TLS (-S) and Send indications (-s): 2 clients x 10 messages. */
function uclientArgs(port: number, peerPort: number, opts: { tls?: boolean; sendIndications?: boolean }): string[] {
  return [
    '-t', ...(opts.tls ? ['-S'] : []), ...(opts.sendIndications ? ['-s'] : []),
    '-u', 'alice', '-w', 'secret', '-p', String(port), '-e', '127.0.0.1', '-r', String(peerPort),
    '-n', '10', '-m', '2', '-l', '170', '-L', '127.0.0.1', '127.0.0.1',
  ];
}

const ZERO_LOSS = { sent: 20, received: 20, lost: 0, lostPercent: 0, sendDropped: 0 };

// coturn's TURN client over TCP and TLS (RFC 8656 §3.1) against natsim's TURN server, relaying to coturn's UDP echo
// peer. Loopback only; ports 37000-37099 belong to this file (peers 10 apart: uclient also sends to port + 1).
describe('interop: coturn turnutils_uclient over TCP and TLS through natsim\'s TURN server', function () {
  this.timeout(40_000);
  let bin: CoturnPaths;
  let cert: TestCert | undefined;
  const lab = new Lab();
  before(function () {
    bin = requireCoturn(this, 'turnutils_uclient -t / -S was not run against natsim\'s TURN server');
    cert = makeSelfSignedCert();
  });
  after(() => cert?.remove());
  afterEach(() => lab.cleanup());

  async function turnService(listen: string, relayPorts: string, lines: string[], tls?: string): Promise<TurnService> {
    const log = new ServerLog({ write: (l) => lines.push(l), verbose: true, maxPerSecond: 10_000 });
    const s = await startTurnService({
      listen, realm: 'sim.test', users: ['alice:secret'], relayPorts, allowPeers: ['127.0.0.1'], log,
      ...(tls ? { tls: { listen: tls, certFile: cert!.certFile, keyFile: cert!.keyFile } } : {}),
    });
    lab.onCleanup(() => s.close());
    return s;
  }

  it('relays 20 of 20 packets by ChannelData over TCP (-t) with zero loss; every allocation is a tcp 5-tuple', async () => {
    const lines: string[] = [];
    const turn = await turnService('127.0.0.1:37000', '37010-37029', lines);
    await startPeer(lab, bin.turnutils_peer, 37050);
    const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs(37000, 37050, {}));
    expect(await uc.exitWithin(25_000), uc.output).to.equal(0);
    expect(parseUclient(uc.output), uc.output).to.deep.equal(ZERO_LOSS);
    const s = turn.server.stats;
    expect(s.allocationsCreated).to.be.at.least(2);
    expect(s.channelBinds).to.be.at.least(2);
    expect(s.channelDataIn, 'every packet reached natsim as ChannelData on the stream').to.equal(20);
    expect(s.channelDataOut, 'every echo went back as padded ChannelData on the stream').to.equal(20);
    expect(s.dropped).to.deep.equal({});
    expect(lines.filter((l) => / turn-server stream-connected .*transport=tcp/.test(l)).length, lines.join('\n')).to.be.at.least(2);
    expect(lines.some((l) => / turn-server listening /.test(l) && /transport=tcp/.test(l)), lines.join('\n')).to.equal(true);
  });

  it('relays 20 of 20 packets by Send/Data indications over TCP (-t -s), through `natsim serve turn` (TCP on the --listen port)', async function () {
    this.timeout(60_000); // the CLI compiles TypeScript at start
    const srv = natsim(['serve', 'turn', '--listen', '127.0.0.1:37001', '--realm', 'sim.test', '--user', 'alice:secret', '--relay-ports', '37030-37049', '--allow-peer', '127.0.0.1', '--verbose']);
    lab.onCleanup(() => { if (srv.child.exitCode === null) srv.child.kill('SIGKILL'); });
    await srv.waitFor(/ turn-server listening address=127\.0\.0\.1:37001 transport=tcp/, 45_000);
    await startPeer(lab, bin.turnutils_peer, 37060);
    const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs(37001, 37060, { sendIndications: true }));
    expect(await uc.exitWithin(25_000), uc.output).to.equal(0);
    expect(parseUclient(uc.output), uc.output).to.deep.equal(ZERO_LOSS);
    srv.child.kill('SIGTERM');
    expect(await srv.exited).to.equal(0);
    expect(srv.stdout.filter((l) => / turn-server stream-connected /.test(l)).length, srv.stdout.join('\n')).to.be.at.least(2);
    expect(srv.stdout.filter((l) => / turn-server dropped /.test(l)), 'nothing dropped').to.deep.equal([]);
    expect(srv.stdout.filter((l) => / turn-server error-response /.test(l) && !/ code=401 /.test(l))).to.deep.equal([]);
  });

  it('relays 20 of 20 packets over TLS (-t -S) on --tls-listen with zero loss', async function () {
    if (!cert) return skipLoudly(this, 'openssl is not installed: no certificate for the TLS interop test');
    const lines: string[] = [];
    const turn = await turnService('127.0.0.1:37002', '37010-37029', lines, '127.0.0.1:37003');
    await startPeer(lab, bin.turnutils_peer, 37070);
    const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs(37003, 37070, { tls: true }));
    expect(await uc.exitWithin(25_000), uc.output).to.equal(0);
    expect(parseUclient(uc.output), uc.output).to.deep.equal(ZERO_LOSS);
    expect(turn.server.stats.channelDataIn).to.equal(20);
    expect(turn.server.stats.dropped).to.deep.equal({});
    expect(lines.filter((l) => / turn-server stream-connected .*transport=tls/.test(l)).length, lines.join('\n')).to.be.at.least(2);
  });

  it('closes a connection that sends bytes that are neither STUN nor ChannelData, and counts it', async () => {
    const lines: string[] = [];
    const turn = await turnService('127.0.0.1:37004', '37010-37029', lines);
    const net = await import('net');
    const closed = await new Promise<boolean>((resolve) => {
      const s = net.connect(37004, '127.0.0.1', () => s.write(Buffer.from('\xff\xff\xff\xff garbage', 'latin1')));
      s.on('error', () => undefined);
      s.on('close', () => resolve(true));
    });
    expect(closed).to.equal(true);
    expect(turn.server.stats.dropped).to.deep.equal({ 'stream-framing': 1 });
    expect(lines.some((l) => / turn-server dropped reason=stream-framing .*code=bad-first-byte/.test(l)), lines.join('\n')).to.equal(true);
  });
});
