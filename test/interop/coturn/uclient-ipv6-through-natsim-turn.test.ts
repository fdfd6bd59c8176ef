import { expect } from 'chai';
import { hasIpv6Loopback, ServerLog, startTurnService, TurnService } from '../../../src/real';
import { skipLoudly } from '../../report/support/tools';
import { CoturnPaths, Lab, parseUclient, requireCoturn, startPeer } from './coturn-helpers';

/** turnutils_uclient: 2 clients x 10 messages of 170 bytes to the echo peer `peer`:`peerPort`, from `local`. */
function uclientArgs(flag: '-x' | '-Z', port: number, local: string, peer: string, peerPort: number): string[] {
  return [flag, '-u', 'alice', '-w', 'secret', '-p', String(port), '-e', peer, '-r', String(peerPort), '-n', '10', '-m', '2', '-l', '170', '-L', local, local];
}

const ZERO_LOSS = { sent: 20, received: 20, lost: 0, lostPercent: 0, sendDropped: 0 };

// coturn's TURN client (turnutils_uclient 4.6: -x asks for an IPv6 relay with REQUESTED-ADDRESS-FAMILY, -Z for a
// dual allocation with ADDITIONAL-ADDRESS-FAMILY at coturn's draft code point 0x8032) through natsim's dual-stack
// TURN server (listening on 127.0.0.1 and ::1, relaying on both), to coturn's echo peer on ::1 or 127.0.0.1.
// Loopback only; ports 37700-37799 belong to this file (peers 10 apart: uclient also uses the peer port + 1).
describe('interop: coturn turnutils_uclient through natsim\'s dual-stack TURN server (IPv6, RFC 8656 §7.1)', function () {
  this.timeout(30_000);
  let bin: CoturnPaths;
  const lab = new Lab();
  before(function () {
    bin = requireCoturn(this, 'turnutils_uclient -x / -Z was not run against natsim\'s TURN server');
    if (!hasIpv6Loopback()) skipLoudly(this, 'this machine has no IPv6 loopback (::1): the IPv6 TURN interop was not run');
  });
  afterEach(() => lab.cleanup());

  async function dualStackTurn(port: number, relayPorts: string, lines: string[]): Promise<TurnService> {
    const log = new ServerLog({ write: (l) => lines.push(l), verbose: true, maxPerSecond: 10_000 });
    const s = await startTurnService({
      listen: [`127.0.0.1:${port}`, `[::1]:${port}`], relays: ['127.0.0.1', '::1'], realm: 'sim.test', users: ['alice:secret'],
      relayPorts, allowPeers: ['127.0.0.1', '::1'], log,
    });
    lab.onCleanup(() => s.close());
    return s;
  }

  function expectClean(turn: TurnService, lines: string[]): void {
    const s = turn.server.stats;
    expect(s.errorResponses, 'only the unauthenticated first Allocates are refused').to.deep.equal({ 401: s.allocationsCreated });
    expect(s.dropped, lines.join('\n')).to.deep.equal({});
    expect(s.relayedToPeers).to.equal(20);
  }

  it('relays over ::1 with an IPv6 relayed address (-x): 20 of 20 echoed, 0 lost', async () => {
    const lines: string[] = [];
    const turn = await dualStackTurn(37700, '37710-37729', lines);
    await startPeer(lab, bin.turnutils_peer, 37750, '::1');
    const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs('-x', 37700, '::1', '::1', 37750));
    expect(await uc.exitWithin(20_000), uc.output).to.equal(0);
    expect(parseUclient(uc.output), uc.output).to.deep.equal(ZERO_LOSS);
    expect(lines.filter((l) => / turn-server allocated client=\[::1\]:\d+ .*relayed=\[::1\]:377[12]\d /.test(l)).length, lines.join('\n')).to.be.at.least(2);
    expectClean(turn, lines);
  });

  it('relays an IPv4 client through an IPv6 relayed address to an IPv6 peer (-x over 127.0.0.1): 0 lost', async () => {
    const lines: string[] = [];
    const turn = await dualStackTurn(37701, '37730-37749', lines);
    await startPeer(lab, bin.turnutils_peer, 37760, '::1');
    const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs('-x', 37701, '127.0.0.1', '::1', 37760));
    expect(await uc.exitWithin(20_000), uc.output).to.equal(0);
    expect(parseUclient(uc.output), uc.output).to.deep.equal(ZERO_LOSS);
    const allocated = lines.filter((l) => / turn-server allocated client=127\.0\.0\.1:\d+ .*relayed=\[::1\]:377[34]\d /.test(l));
    expect(allocated.length, lines.join('\n')).to.be.at.least(2);
    expectClean(turn, lines);
  });

  for (const [peer, peerPort, port, relayPorts] of [['::1', 37770, 37702, '37710-37729'], ['127.0.0.1', 37780, 37703, '37730-37749']] as const) {
    it(`grants dual allocations (-Z, both XOR-RELAYED-ADDRESSes on one port) and relays to a peer on ${peer}: 0 lost`, async () => {
      const lines: string[] = [];
      const turn = await dualStackTurn(port, relayPorts, lines);
      await startPeer(lab, bin.turnutils_peer, peerPort, peer);
      const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs('-Z', port, '127.0.0.1', peer, peerPort));
      expect(await uc.exitWithin(20_000), uc.output).to.equal(0);
      expect(parseUclient(uc.output), uc.output).to.deep.equal(ZERO_LOSS);
      const dual = lines.filter((l) => / turn-server allocated .*relayed=127\.0\.0\.1:(\d+) .*relayed6=\[::1\]:\1$/.test(l));
      expect(dual.length, lines.join('\n')).to.be.at.least(2);
      expectClean(turn, lines);
    });
  }

  it('answers -x with 440 when the server relays on IPv4 only: uclient cannot allocate', async () => {
    const lines: string[] = [];
    const log = new ServerLog({ write: (l) => lines.push(l), verbose: true });
    const s = await startTurnService({ listen: ['127.0.0.1:37704', '[::1]:37704'], relays: ['127.0.0.1'], realm: 'sim.test', users: ['alice:secret'], relayPorts: '37710-37729', allowPeers: ['::1'], log });
    lab.onCleanup(() => s.close());
    const uc = lab.spawn('turnutils_uclient', bin.turnutils_uclient, uclientArgs('-x', 37704, '::1', '::1', 37790));
    expect(await uc.exitWithin(20_000), uc.output).to.not.equal(0);
    expect(s.server.stats.allocationsCreated).to.equal(0);
    expect(lines.some((l) => / error-response client=\[::1\]:\d+ method=Allocate code=440 reason="no IPv6 relay address \(this server relays on IPv4\)"/.test(l)), lines.join('\n')).to.equal(true);
  });
});
