import { expect } from 'chai';
import net = require('net');
import { World } from '../../src/net/world';
import { RealNetworkEscapeError, withEmbedded } from '../../src/embed';
import { echoClient, failingConnect, startEchoServer } from './fixtures/net-echo-program';

/** a 10.0.0.1 and b 10.0.0.2 on one LAN with 5 ms latency; `link` for what a sends. */
function lan(link: { loss?: number } = {}): World {
  const w = new World({ seed: 9 });
  w.network('lan', '10.0.0.0/24', { latency: 5 });
  w.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1', link: { latency: 5, ...link } }] });
  w.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
  return w;
}

describe("embedded net: unmodified 'node:net' code in a world", () => {
  it('runs an echo server (socket.pipe) on b and a client on a: the client gets every byte back, in virtual time', async () => {
    const world = lan();
    const echoed = await withEmbedded(world, { names: { 'echo.sim': '10.0.0.2' } }, async (run) => {
      await run.drive(run.onHost('b', () => startEchoServer(7)));
      const messages = Array.from({ length: 50 }, (_, i) => `line ${i} ${'x'.repeat(i * 37)}\n`);
      const got = await run.drive(run.onHost('a', () => echoClient('echo.sim', 7, messages)));
      expect(got).to.equal(messages.join(''));
      return run.nowMs;
    });
    expect(echoed).to.be.greaterThan(10).and.lessThan(1000);
  });

  it('still delivers the exact stream over a lossy link (retransmissions happen below the program)', async () => {
    const world = lan({ loss: 0.2 });
    await withEmbedded(world, {}, async (run) => {
      await run.drive(run.onHost('b', () => startEchoServer(7)));
      const messages = Array.from({ length: 200 }, (_, i) => `message number ${i};`);
      const got = await run.drive(run.onHost('a', () => echoClient('10.0.0.2', 7, messages)), { timeoutMs: 600_000 });
      expect(got).to.equal(messages.join(''));
    });
  });

  it("reports Node's error codes: ECONNREFUSED for a closed port, ENOTFOUND for an unknown name, EADDRINUSE", async () => {
    await withEmbedded(lan(), {}, async (run) => {
      expect(await run.drive(run.onHost('a', () => failingConnect('10.0.0.2', 9)))).to.equal('ECONNREFUSED');
      expect(await run.drive(run.onHost('a', () => failingConnect('nowhere.sim', 9)))).to.equal('ENOTFOUND');
      await run.drive(run.onHost('b', () => startEchoServer(7)));
      const second = run.onHost('b', () => startEchoServer(7));
      let code: string | undefined;
      await run.drive(second.catch((e: NodeJS.ErrnoException) => void (code = e.code)));
      expect(code).to.equal('EADDRINUSE');
    });
  });

  it('makes net objects instances of net.Socket / net.Server, and refuses TCP outside any host', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const server = run.onHost('b', () => net.createServer());
      expect(server).to.be.instanceOf(net.Server);
      const s = run.onHost('a', () => new net.Socket());
      expect(s).to.be.instanceOf(net.Socket);
      expect(() => net.connect(9, '10.0.0.2')).to.throw(RealNetworkEscapeError);
    });
    // After the scope, net is Node's again.
    expect(new net.Socket()).to.be.instanceOf(net.Socket);
    expect(net.Socket.name).to.equal('Socket');
  });
});
