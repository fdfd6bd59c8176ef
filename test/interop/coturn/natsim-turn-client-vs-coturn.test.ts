import { expect } from 'chai';
import { allocatedClient, closeClient, roundTrip, within } from '../../real/real-helpers';
import { CoturnPaths, Lab, Proc, requireCoturn, startCoturn, startPeer } from './coturn-helpers';

const SERVER = { address: '127.0.0.1', port: 36200 };
const PEER = { address: '127.0.0.1', port: 36250 };

// natsim's TURN client (TurnClient on a RealHostEnv) against coturn's turnserver, relaying to coturn's echo peer
// (turnutils_peer, which sends every datagram back unchanged). Loopback only; ports 36200-36299 belong to this file.
describe('interop: natsim\'s TURN client against coturn\'s turnserver', function () {
  this.timeout(30_000);
  let bin: CoturnPaths;
  const lab = new Lab();
  before(function () {
    bin = requireCoturn(this, 'natsim\'s TURN client was not run against coturn');
  });
  afterEach(() => lab.cleanup());

  /** coturn on 127.0.0.1:36200 (relay ports 36210-36249) and the echo peer on 127.0.0.1:36250. */
  async function startLab(): Promise<Proc> {
    const coturn = await startCoturn(lab, bin.turnserver, { ips: ['127.0.0.1'], port: SERVER.port, relayPorts: [36210, 36249] }, ['127.0.0.1:36200']);
    await startPeer(lab, bin.turnutils_peer, PEER.port);
    return coturn;
  }

  for (const mode of ['channel', 'indication'] as const) {
    const how = mode === 'channel' ? 'binds a channel and relays by ChannelData' : 'creates a permission and relays by Send/Data indications';
    it(`allocates on coturn, ${how}, and every payload comes back from the peer`, async () => {
      const coturn = await startLab();
      const { client } = await allocatedClient({ server: SERVER, username: 'alice', password: 'secret' });
      lab.onCleanup(() => (client.state === 'closed' ? undefined : closeClient(client)));
      expect(client.relayedAddress?.address).to.equal('127.0.0.1');
      expect(client.relayedAddress?.port).to.be.within(36210, 36249);
      let channel: number | undefined;
      if (mode === 'channel') {
        channel = await within<number>(3000, 'ChannelBind', (done) => client.bindChannel(PEER, (err, ch) => done(err, ch)));
        expect(channel).to.be.within(0x4000, 0x4fff);
      } else {
        await within(3000, 'CreatePermission', (done) => client.createPermission(PEER.address, (err) => done(err)));
      }
      for (let i = 0; i < 5; i++) {
        const text = `natsim-${mode}-${i}-${'x'.repeat(i * 50)}`;
        expect(await roundTrip(client, PEER, text)).to.deep.equal({ data: text, via: mode, from: '127.0.0.1:36250' });
      }
      await closeClient(client);
      // coturn's own account (turnserver -v) of the requests it processed; its log reaches the pipe with a delay.
      await coturn.waitFor(/user <alice>: incoming packet ALLOCATE processed, success/, 3000);
      await coturn.waitFor(mode === 'channel' ? /user <alice>: incoming packet CHANNEL_BIND processed, success/
        : /user <alice>: incoming packet CREATE_PERMISSION processed, success/, 3000);
      // close() deleted the allocation (Refresh with LIFETIME 0, RFC 8656 §8)
      await coturn.waitFor(/refreshed, realm=<sim\.test>, username=<alice>, lifetime=0/, 3000);
      await coturn.waitFor(/user <alice>: incoming packet REFRESH processed, success/, 3000);
      expect(coturn.output, 'coturn refused nothing but the first, unauthenticated Allocate').to.not.match(/error (?!401: Unauthorized)\d{3}/);
    });
  }

  it('gets 401 from coturn for a wrong password, and coturn logs the bad credentials', async () => {
    const coturn = await startLab();
    let err: unknown;
    await allocatedClient({ server: SERVER, username: 'alice', password: 'wrong' }).catch((e: unknown) => (err = e));
    expect(String(err)).to.match(/Allocate failed with 401/);
    await coturn.waitFor(/check_stun_auth: user alice credentials are incorrect/, 3000);
  });
});
