import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ServerLog, startTurnService } from '../../../src/real';
import { allocatedClient, closeClient, roundTrip, within } from '../../real/real-helpers';
import { skipLoudly } from '../../report/support/tools';
import { CoturnPaths, Lab, Proc, requireCoturn, startPeer } from './coturn-helpers';
import { makeSelfSignedCert, TestCert } from './tls-cert';

const PEER = { address: '127.0.0.1', port: 37150 };

// natsim's TURN client (TurnClient on a RealHostEnv: node:net / node:tls) over TCP and TLS against coturn's
// turnserver, and over TLS against natsim's own server, relaying to coturn's UDP echo peer. Loopback only; ports
// 37100-37199 belong to this file.
describe('interop: natsim\'s TURN client over TCP and TLS against coturn\'s turnserver', function () {
  this.timeout(30_000);
  let bin: CoturnPaths;
  let cert: TestCert | undefined;
  const lab = new Lab();
  before(function () {
    bin = requireCoturn(this, 'natsim\'s TURN client over TCP/TLS was not run against coturn');
    cert = makeSelfSignedCert();
    if (!cert) skipLoudly(this, 'openssl is not installed: no certificate for the TLS interop tests');
  });
  after(() => cert?.remove());
  afterEach(() => lab.cleanup());

  /** coturn with TCP on 127.0.0.1:37100 and TLS on 37101 (relay ports 37110-37139), and the echo peer. */
  async function startLab(): Promise<Proc> {
    const dir = mkdtempSync(join(tmpdir(), 'natsim-coturn-'));
    lab.onRemove(() => rmSync(dir, { recursive: true, force: true }));
    const coturn = lab.spawn('turnserver', bin.turnserver, [
      '-n', '-v', '--log-file=stdout', '--simple-log', '--no-dtls', '--no-cli', '--fingerprint',
      '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', '--listening-port=37100', '--tls-listening-port=37101',
      '--min-port=37110', '--max-port=37139', `--cert=${cert!.certFile}`, `--pkey=${cert!.keyFile}`,
      '--lt-cred-mech', '--user=alice:secret', '--realm=sim.test', '--allow-loopback-peers',
      `--pidfile=${join(dir, 'turnserver.pid')}`, `--userdb=${join(dir, 'turndb')}`,
    ]);
    await coturn.waitFor(/TLS\/TCP listener opened on : 127\.0\.0\.1:37100$/);
    await coturn.waitFor(/TLS\/TCP listener opened on : 127\.0\.0\.1:37101$/);
    await startPeer(lab, bin.turnutils_peer, PEER.port);
    return coturn;
  }

  for (const [label, url] of [['TCP', 'turn:127.0.0.1:37100?transport=tcp'], ['TLS', 'turns:127.0.0.1:37101']] as const) {
    it(`allocates on coturn over ${label} (${url}), relays by ChannelData and by indication, and every payload comes back`, async () => {
      const coturn = await startLab();
      const { client } = await allocatedClient({ url, username: 'alice', password: 'secret', tls: { ca: readFileSync(cert!.certFile, 'utf8') } });
      lab.onCleanup(() => (client.state === 'closed' ? undefined : closeClient(client)));
      expect(client.config.transport).to.equal(label.toLowerCase());
      expect(client.relayedAddress?.port).to.be.within(37110, 37139);
      await within(3000, 'CreatePermission', (done) => client.createPermission(PEER.address, (err) => done(err)));
      expect(await roundTrip(client, PEER, 'by-indication')).to.deep.equal({ data: 'by-indication', via: 'indication', from: '127.0.0.1:37150' });
      await within(3000, 'ChannelBind', (done) => client.bindChannel(PEER, (err, ch) => done(err, ch)));
      for (const text of ['a', 'odd-length payload', 'x'.repeat(1001)]) {
        expect(await roundTrip(client, PEER, text)).to.deep.equal({ data: text, via: 'channel', from: '127.0.0.1:37150' });
      }
      await closeClient(client);
      await coturn.waitFor(/user <alice>: incoming packet ALLOCATE processed, success/, 3000);
      await coturn.waitFor(/user <alice>: incoming packet CHANNEL_BIND processed, success/, 3000);
      expect(coturn.output, 'coturn saw a TCP or TLS session').to.match(label === 'TLS' ? /TLS/ : /TCP/);
      expect(coturn.output, 'coturn refused nothing but the first, unauthenticated Allocate').to.not.match(/error (?!401: Unauthorized)\d{3}/);
    });
  }

  it('refuses coturn\'s self-signed certificate when it is not trusted (real TLS verification)', async () => {
    await startLab();
    let err: unknown;
    await allocatedClient({ url: 'turns:127.0.0.1:37101', username: 'alice', password: 'secret' }).catch((e: unknown) => (err = e));
    expect(String(err)).to.match(/self[- ]signed|certificate/i);
  });

  it('allocates over TLS on natsim\'s own server (--tls-listen) and relays by ChannelData', async () => {
    await startPeer(lab, bin.turnutils_peer, PEER.port);
    const lines: string[] = [];
    const turn = await startTurnService({
      listen: '127.0.0.1:37160', realm: 'sim.test', users: ['alice:secret'], relayPorts: '37170-37189', allowPeers: ['127.0.0.1'],
      log: new ServerLog({ write: (l) => lines.push(l), verbose: true }),
      tls: { listen: '127.0.0.1:37161', certFile: cert!.certFile, keyFile: cert!.keyFile },
    });
    lab.onCleanup(() => turn.close());
    const { client } = await allocatedClient({ url: 'turns:127.0.0.1:37161', username: 'alice', password: 'secret', tls: { ca: readFileSync(cert!.certFile, 'utf8') } });
    lab.onCleanup(() => (client.state === 'closed' ? undefined : closeClient(client)));
    await within(3000, 'ChannelBind', (done) => client.bindChannel(PEER, (err, ch) => done(err, ch)));
    expect(await roundTrip(client, PEER, 'over real TLS')).to.deep.equal({ data: 'over real TLS', via: 'channel', from: '127.0.0.1:37150' });
    expect(turn.server.stats.allocationsCreated).to.equal(1);
    expect(lines.filter((l) => / turn-server stream-connected .*transport=tls/.test(l)).length, lines.join('\n')).to.equal(1);
    await closeClient(client);
    expect(turn.server.stats.dropped).to.deep.equal({});
  });
});
