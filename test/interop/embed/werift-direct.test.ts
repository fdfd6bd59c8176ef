import { expect } from 'chai';
import { StunServer } from '../../../src/agents/stun/stun-server';
import { TraceRecorder } from '../../../src/sim/trace';
import { withEmbedded } from '../../../src/embed';
import { STUN, connectPair, iceWorld, nat, selectedTypes } from './werift-world';

describe('unmodified werift-ice agents inside the simulation', function () {
  this.timeout(20_000);

  it('connect directly across two full-cone NATs, using srflx candidates from natsim\'s STUN server', async () => {
    const w = iceWorld('full-cone', 'full-cone');
    const rec = new TraceRecorder(w.sim.trace);
    new StunServer(w.getHost('stun').env('stun-server')).start();
    await withEmbedded(w, {}, async (run) => {
      const { alice, bob, received } = await connectPair(run, { stunServer: [STUN, 3478] });
      const srflx = alice.localCandidates.filter((c) => c.type === 'srflx').map((c) => `${c.host}:${c.port}`);
      expect(srflx).to.deep.equal(nat(w, 'nat-a').snapshot().map((m) => m.external).slice(0, 1));
      expect(alice.state).to.equal('connected');
      expect(bob.state).to.equal('connected');
      const types = selectedTypes(alice);
      expect(types).to.not.include('relay');
      expect(types).to.include('srflx');
      await run.drive(alice.send(Buffer.from('hello bob')));
      await run.run({ forMs: 200 });
      expect(received).to.deep.equal(['hello bob']);
      await run.drive(Promise.all([alice.close(), bob.close()]));
    });
    // Every datagram stayed in the simulation: both NATs translated, nothing left the world.
    expect(rec.ofKind('translated').length).to.be.greaterThan(4);
  });
});

describe('embedded werift-ice determinism', function () {
  this.timeout(20_000);

  async function once(): Promise<{ digest: string; atMs: number; pair: string }> {
    const w = iceWorld('full-cone', 'full-cone', 99);
    new StunServer(w.getHost('stun').env('stun-server')).start();
    return withEmbedded(w, {}, async (run) => {
      const { alice, bob } = await connectPair(run, { stunServer: [STUN, 3478] });
      const pair = JSON.stringify(alice.nominated?.toJSON());
      const atMs = w.nowMs;
      await run.drive(Promise.all([alice.close(), bob.close()]));
      return { digest: w.sim.trace.digest(), atMs, pair };
    });
  }

  it('gives the same trace hash, connect time and pair on two runs of the same seed', async () => {
    const a = await once();
    const b = await once();
    expect(b).to.deep.equal(a);
  });
});
