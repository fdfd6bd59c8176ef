import { expect } from 'chai';
import { World } from '../../../src/net/world';
import { addNat } from '../../../src/nat/add-nat';
import type { NatPresetName } from '../../../src/nat/nat-presets';
import { StunServer } from '../../../src/agents/stun/stun-server';
import { withEmbedded } from '../../../src/embed';

// The npm `stun` package is plain CommonJS that calls require('dgram').createSocket itself.
const stun = require('stun') as {
  request(url: string, opts?: object): Promise<{ getXorAddress(): { address: string; port: number } }>;
};

function natWorld(preset: NatPresetName): World {
  const w = new World({ seed: 7 });
  w.network('internet', '198.51.100.0/24', { latency: 10 });
  w.network('lan', '192.168.1.0/24', { latency: 1 });
  addNat(w, 'home', { settings: { preset }, outside: { network: 'internet', ip: '198.51.100.10' }, inside: [{ network: 'lan', ip: '192.168.1.1' }] });
  w.host('client', { ifaces: [{ network: 'lan', ip: '192.168.1.20' }], gateway: '192.168.1.1' });
  w.host('stun', { ifaces: [{ network: 'internet', ip: '198.51.100.1' }] });
  return w;
}

describe('npm stun client inside the simulation', () => {
  for (const preset of ['full-cone', 'symmetric'] as const) {
    it(`gets its NAT-mapped address from natsim's STUN server through a ${preset} NAT`, async () => {
      const w = natWorld(preset);
      new StunServer(w.getHost('stun').env('stun-server')).start();
      const res = await withEmbedded(w, {}, (run) =>
        run.drive(run.onHost('client', () => stun.request('stun://198.51.100.1:3478')), { timeoutMs: 5000 }));
      const nat = (w.node('home') as ReturnType<typeof addNat>).snapshot();
      expect(nat).to.have.length(1);
      expect(nat[0].internal).to.match(/^192\.168\.1\.20:\d+$/);
      const mapped = res.getXorAddress();
      expect(`${mapped.address}:${mapped.port}`).to.equal(nat[0].external);
      expect(mapped.address).to.equal('198.51.100.10');
      // One round trip: 1 ms LAN + 10 ms internet each way.
      expect(w.nowMs).to.be.within(22, 23);
    });
  }

  it('retransmits on the npm client\'s own timers in virtual time when the server is silent', async () => {
    const w = natWorld('full-cone');
    const started = Date.now();
    const err = await withEmbedded(w, {}, (run) =>
      run.drive(run.onHost('client', () => stun.request('stun://198.51.100.1:3478', { retries: 2, timeout: 500 }).catch((e: Error) => e)), { timeoutMs: 60_000 }));
    expect(String(err)).to.match(/timeout/);
    // npm stun: sends at 0, 500, 1500 ms and gives up 2000 ms after the last send (RTO doubling).
    expect(w.nowMs).to.equal(3500);
    expect(Date.now() - started).to.be.below(2000);
  });
});
