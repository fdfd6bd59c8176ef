import { expect } from 'chai';
import { ServerLog, startTurnService, TurnService } from '../../../src/real';
import { natsim } from '../../real/cli-process';
import { CoturnPaths, Lab, parseUclient, requireCoturn, startPeer } from './coturn-helpers';

/** turnutils_uclient's arguments: 2 clients x 10 messages of 170 bytes to the peer at 127.0.0.1:`peerPort`. */
function uclientArgs(port: number, peerPort: number, password: string, sendIndications: boolean): string[] {
  return [
    ...(sendIndications ? ['-s'] : []),
    '-u', 'alice', '-w', password, '-p', String(port), '-e', '127.0.0.1', '-r', String(peerPort),
    '-n', '10', '-m', '2', '-l', '170', '-L', '127.0.0.1', '127.0.0.1',
  ];
}

// coturn's TURN client (turnutils_uclient) against natsim's TURN server, relaying to coturn's echo peer
// (turnutils_peer). Loopback only; ports 36000-36099 belong to this file. uclient also sends "RTCP" to the peer's
// port + 1, so the peers' ports are 10 apart.
describe('interop: coturn turnutils_uclient through natsim\'s TURN server', function () {
  this.timeout(30_000);
  let bin: CoturnPaths;
  const lab = new Lab();
  before(function () {
    bin = requireCoturn(this, 'turnutils_uclient was not run against natsim\'s TURN server');
  });
  afterEach(() => lab.cleanup());

  async function turnService(listen: string, relayPorts: string, lines: string[]): Promise<TurnService> {
    // verbose: also log channel-bound and permission events, to show which channel numbers uclient used
    const log = new ServerLog({ write: (l) => lines.push(l), verbose: true, maxPerSecond: 10_000 });
    const s = (await startTurnService({ listen, realm: 'sim.test', users: ['alice:secret'], relayPorts, allowPeers: ['127.0.0.1'], log })) as TurnService;
    lab.onCleanup(() => s.close());
    return s;
  }

  it('allocates, binds channels and echoes 20 of 20 packets by ChannelData with zero loss', async () => {
    const lines: string[] = [];
    const turn = await turnService('127.0.0.1:36000', '36010-36029', lines);
    await startPeer(lab, bin.turnutils_peer, 36050);
    const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs(36000, 36050, 'secret', false));
    expect(await uc.exitWithin(20_000), uc.output).to.equal(0);
    expect(parseUclient(uc.output), uc.output).to.deep.equal({ sent: 20, received: 20, lost: 0, lostPercent: 0, sendDropped: 0 });

    const s = turn.server.stats;
    // uclient -m 2 allocated 3 times here (against coturn too); each Allocate is refused with 401 once first.
    expect(s.allocationsCreated).to.be.at.least(2);
    expect(s.errorResponses, 'only the unauthenticated first Allocates are refused').to.deep.equal({ 401: s.allocationsCreated });
    expect(s.channelBinds).to.be.at.least(2);
    expect(s.channelDataIn, 'every packet reached natsim as ChannelData').to.equal(20);
    expect(s.channelDataOut, 'every echo went back as ChannelData').to.equal(20);
    expect(s.sendIndicationsIn).to.equal(0);
    expect(s.relayedToPeers).to.equal(20);
    expect(s.dropped).to.deep.equal({});
    const bound = lines.filter((l) => / turn-server channel-bound /.test(l));
    expect(bound.length, lines.join('\n')).to.be.at.least(2);
  });

  it('echoes 20 of 20 packets by Send/Data indications (-s) with zero loss, through `natsim serve turn`', async function () {
    this.timeout(45_000); // the CLI compiles TypeScript at start: seconds on a busy machine
    const srv = natsim(['serve', 'turn', '--listen', '127.0.0.1:36001', '--realm', 'sim.test', '--user', 'alice:secret', '--relay-ports', '36030-36049', '--allow-peer', '127.0.0.1']);
    lab.onCleanup(() => { if (srv.child.exitCode === null) srv.child.kill('SIGKILL'); });
    await srv.waitFor(/ turn-server listening address=127\.0\.0\.1:36001 /, 30_000);
    await startPeer(lab, bin.turnutils_peer, 36060);
    const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs(36001, 36060, 'secret', true));
    expect(await uc.exitWithin(20_000), uc.output).to.equal(0);
    expect(parseUclient(uc.output), uc.output).to.deep.equal({ sent: 20, received: 20, lost: 0, lostPercent: 0, sendDropped: 0 });

    srv.child.kill('SIGTERM');
    expect(await srv.exited).to.equal(0);
    const allocated = srv.stdout.filter((l) => / turn-server allocated .*username=alice .*relayed=127\.0\.0\.1:360[34]\d/.test(l));
    expect(allocated.length, srv.stdout.join('\n')).to.be.at.least(2);
    expect(srv.stdout.filter((l) => / turn-server error-response /.test(l) && !/ code=401 /.test(l)), 'no error but the first 401s').to.deep.equal([]);
    expect(srv.stdout.filter((l) => / turn-server dropped /.test(l)), 'nothing dropped').to.deep.equal([]);
  });

  it('refuses a wrong password: uclient exits non-zero, cannot allocate, and natsim logs 401 for bad MESSAGE-INTEGRITY', async () => {
    const lines: string[] = [];
    const turn = await turnService('127.0.0.1:36002', '36010-36029', lines);
    await startPeer(lab, bin.turnutils_peer, 36070);
    const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs(36002, 36070, 'wrong', false));
    expect(await uc.exitWithin(20_000), uc.output).to.not.equal(0);
    expect(uc.output).to.match(/ERROR: Cannot complete Allocation/);
    expect(parseUclient(uc.output), 'no data was exchanged').to.equal(undefined);
    expect(turn.server.stats.allocationsCreated).to.equal(0);
    expect(turn.server.stats.relayedToPeers).to.equal(0);
    expect(lines.filter((l) => / error-response .*method=Allocate code=401 reason="MESSAGE-INTEGRITY does not verify for 'alice'"/.test(l)).length)
      .to.be.at.least(1);
  });
});
