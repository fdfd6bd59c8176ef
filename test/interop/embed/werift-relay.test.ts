import { expect } from 'chai';
import { StunServer } from '../../../src/agents/stun/stun-server';
import { TurnServer } from '../../../src/agents/turn/turn-server';
import { withEmbedded } from '../../../src/embed';
import { CandidatePairState } from 'werift-ice';
import { STUN, TURN, connectPair, iceWorld, selectedTypes } from './werift-world';

describe('unmodified werift-ice agents through natsim\'s TURN server', function () {
  this.timeout(30_000);

  it('connect only through the relay across port-restricted-cone vs symmetric NATs', async () => {
    const w = iceWorld('port-restricted-cone', 'symmetric');
    new StunServer(w.getHost('stun').env('stun-server')).start();
    const turn = new TurnServer(w.getHost('turn').env('turn-server'), { realm: 'sim.test', users: { alice: 'secret' } }).start();
    await withEmbedded(w, {}, async (run) => {
      const { alice, bob, received } = await connectPair(run, {
        stunServer: [STUN, 3478], turnServer: [TURN, 3478], turnUsername: 'alice', turnPassword: 'secret',
      }, 60_000);
      expect(alice.localCandidates.map((c) => c.type)).to.include.members(['host', 'srflx', 'relay']);
      expect(alice.state).to.equal('connected');
      expect(bob.state).to.equal('connected');
      const [local, remote] = selectedTypes(alice);
      expect([local, remote]).to.include('relay');
      const [bLocal, bRemote] = selectedTypes(bob);
      expect([bLocal, bRemote]).to.include('relay');
      // No direct path worked: every pair that succeeded on either side has a relay end.
      for (const agent of [alice, bob]) {
        const succeeded = agent.checkList.filter((p) => p.state === CandidatePairState.SUCCEEDED);
        expect(succeeded.length).to.be.greaterThan(0);
        for (const p of succeeded) expect([p.localCandidate.type, p.remoteCandidate.type]).to.include('relay');
      }
      await run.drive(alice.send(Buffer.from('via relay')));
      await run.run({ forMs: 500 });
      expect(received).to.deep.equal(['via relay']);
      expect(turn.stats.allocationsCreated).to.equal(2);
      expect(turn.stats.relayedToPeers).to.be.greaterThan(0);
      expect(turn.stats.dropped['internal-error'] ?? 0).to.equal(0);
      await run.drive(Promise.all([alice.close(), bob.close()]));
    });
    turn.close();
  });
});
