import { expect } from 'chai';
import dgram = require('dgram');
import dns = require('dns');
import net = require('net');
import os = require('os');
import crypto = require('crypto');
import { World } from '../../../src/net/world';
import { EmbedScopeError, EmbeddedRun, RealNetworkEscapeError, withEmbedded, DEFAULT_EPOCH_MS } from '../../../src/embed';
import type { RemoteInfo } from '../../../src/net/udp-socket.types';

/** a 10.0.0.1 and b 10.0.0.2 on one LAN with 5 ms latency. */
function lan(): World {
  const w = new World({ seed: 3 });
  w.network('lan', '10.0.0.0/24', { latency: 5 });
  w.host('a', { ifaces: [{ network: 'lan', ip: '10.0.0.1' }] });
  w.host('b', { ifaces: [{ network: 'lan', ip: '10.0.0.2' }] });
  return w;
}

/** A dgram socket on host b that records what it gets (text, sender, virtual ms). */
function recorder(run: EmbeddedRun, port: number): { got: [string, string, number][]; sock: dgram.Socket } {
  const got: [string, string, number][] = [];
  const sock = run.onHost('b', () => dgram.createSocket('udp4'));
  sock.on('message', (m: Buffer, r: RemoteInfo) => got.push([m.toString(), `${r.address}:${r.port}`, run.nowMs]));
  sock.bind(port);
  return { got, sock };
}

describe('embedded dgram: socket API', () => {
  it('binds with (port, address, cb), ({ port, address }, cb), (cb) and reports listening and address()', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const log: string[] = [];
      run.onHost('a', () => {
        const s1 = dgram.createSocket('udp4');
        s1.bind(4000, '10.0.0.1', () => log.push(`s1 ${JSON.stringify(s1.address())}`));
        const s2 = dgram.createSocket({ type: 'udp4' });
        s2.bind({ port: 4001 }, () => log.push(`s2 ${s2.address().port}`));
        const s3 = dgram.createSocket('udp4');
        s3.on('listening', () => log.push(`s3 ${s3.address().port >= 49152}`));
        s3.bind(() => log.push('s3 cb'));
      });
      await run.run({ forMs: 1 });
      expect(log).to.deep.equal(['s1 {"address":"10.0.0.1","family":"IPv4","port":4000}', 's2 4001', 's3 true', 's3 cb']);
    });
  });

  it('sends strings, offset/length slices and buffer lists; the callback gets the byte count', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const { got } = recorder(run, 5000);
      const sent: number[] = [];
      run.onHost('a', () => {
        const s = dgram.createSocket('udp4');
        s.bind(4000);
        s.send('plain', 5000, '10.0.0.2', (err, n) => sent.push(err ? -1 : n));
        s.send(Buffer.from('xxSLICEyy'), 2, 5, 5000, '10.0.0.2');
        s.send([Buffer.from('li'), 'st', new Uint8Array([33])], 5000, '10.0.0.2', (_e, n) => sent.push(n));
      });
      await run.run({ forMs: 50 });
      expect(got).to.deep.equal([['plain', '10.0.0.1:4000', 5], ['SLICE', '10.0.0.1:4000', 5], ['list!', '10.0.0.1:4000', 5]]);
      expect(sent).to.deep.equal([5, 5]);
    });
  });

  it('binds an ephemeral port on the first send, like Node, and emits listening', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const { got } = recorder(run, 5000);
      let listening = false;
      const s = run.onHost('a', () => dgram.createSocket('udp4'));
      s.on('listening', () => (listening = true));
      s.send('first', 5000, '10.0.0.2');
      await run.run({ forMs: 50 });
      expect(listening).to.equal(true);
      expect(got[0][1]).to.equal(`10.0.0.1:${s.address().port}`);
    });
  });

  it('a connected socket sends without a destination and only hears its peer', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const heard: string[] = [];
      const peer = run.onHost('b', () => dgram.createSocket('udp4'));
      const other = run.onHost('b', () => dgram.createSocket('udp4'));
      peer.bind(5000);
      other.bind(5001);
      const c = run.onHost('a', () => dgram.createSocket('udp4'));
      c.on('message', (m: Buffer) => heard.push(m.toString()));
      peer.on('message', (m: Buffer, r: RemoteInfo) => peer.send(`echo ${m}`, r.port, r.address));
      c.connect(5000, '10.0.0.2', () => {
        expect(c.remoteAddress()).to.deep.equal({ address: '10.0.0.2', family: 'IPv4', port: 5000 });
        c.send('hi');
        other.send('intruder', c.address().port, '10.0.0.1');
      });
      await run.run({ forMs: 50 });
      expect(heard).to.deep.equal(['echo hi']);
      // As in Node: a destination after offset/length on a connected socket is an error.
      expect(() => c.send('x', 0, 1, 5000, '10.0.0.2')).to.throw(/IS_CONNECTED|Already connected/);
    });
  });

  it('reports EADDRINUSE as an error event, and throws on send after close', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const errors: string[] = [];
      let closed = false;
      run.onHost('a', () => {
        dgram.createSocket('udp4').bind(4000);
        const dup = dgram.createSocket('udp4');
        dup.on('error', (e: Error & { code?: string }) => errors.push(e.code ?? ''));
        dup.bind(4000);
      });
      const s = run.onHost('a', () => dgram.createSocket('udp4'));
      s.bind(4002);
      s.close(() => (closed = true));
      await run.run({ forMs: 1 });
      expect(errors).to.deep.equal(['EADDRINUSE']);
      expect(closed).to.equal(true);
      expect(() => s.send('late', 1, '10.0.0.2')).to.throw(/NOT_RUNNING/);
    });
  });

  it('resolves names from EmbeddedRunInit.names and fails unknown names with ENOTFOUND', async () => {
    await withEmbedded(lan(), { names: { 'b.sim': '10.0.0.2' } }, async (run) => {
      const { got } = recorder(run, 5000);
      const errs: string[] = [];
      run.onHost('a', () => {
        const s = dgram.createSocket('udp4');
        s.send('named', 5000, 'b.sim');
        s.send('lost', 5000, 'nowhere.example', (e) => errs.push((e as Error & { code: string }).code));
      });
      await run.run({ forMs: 50 });
      expect(got.map((g) => g[0])).to.deep.equal(['named']);
      expect(errs).to.deep.equal(['ENOTFOUND']);
    });
  });
});

describe('embedded dgram: scope and guard', () => {
  it('refuses createSocket outside a host context unless a default host is set', async () => {
    await withEmbedded(lan(), {}, async () => {
      expect(() => dgram.createSocket('udp4')).to.throw(EmbedScopeError, /onHost/);
    });
    await withEmbedded(lan(), { defaultHost: 'b' }, async (run) => {
      const s = dgram.createSocket('udp4');
      s.bind(7000);
      await run.run({ forMs: 1 });
      expect(s.address().address).to.equal('0.0.0.0');
    });
  });

  it('makes real sockets, TCP, and DNS lookups of unknown names throw while active, and restores them after', async () => {
    const real = dgram.createSocket('udp4');
    const lookups: string[] = [];
    await withEmbedded(lan(), { names: { 'known.sim': '10.0.0.2' } }, async (run) => {
      expect(() => real.bind(0)).to.throw(RealNetworkEscapeError);
      expect(() => real.send('x', 9, '127.0.0.1')).to.throw(RealNetworkEscapeError);
      expect(() => new dgram.Socket('udp4' as never).bind(0)).to.throw(RealNetworkEscapeError);
      expect(() => net.connect(9, '127.0.0.1')).to.throw(RealNetworkEscapeError);
      expect(() => net.createServer().listen(0)).to.throw(RealNetworkEscapeError);
      dns.lookup('known.sim', (err, addr) => lookups.push(err ? 'err' : String(addr)));
      dns.lookup('example.com', (err) => lookups.push(err instanceof RealNetworkEscapeError ? 'blocked' : 'leaked'));
      await run.run({ forMs: 1 });
      expect(() => dgram.createSocket('udp6')).to.throw(EmbedScopeError, /outside any simulated host/);
    });
    expect(lookups).to.deep.equal(['10.0.0.2', 'blocked']);
    expect(EmbeddedRun.active()).to.equal(undefined);
    // After the scope, the real socket works again (bound on loopback, closed at once: no traffic).
    await new Promise<void>((resolve) => real.bind(0, '127.0.0.1', () => resolve()));
    real.close();
  });

  it('allows one scope at a time', () => {
    const run = EmbeddedRun.install(lan());
    try {
      expect(() => EmbeddedRun.install(lan())).to.throw(EmbedScopeError, /already installed/);
    } finally {
      run.uninstall();
    }
  });

  it('shows the host in os.networkInterfaces() and os.hostname() inside onHost', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const ifs = run.onHost('a', () => os.networkInterfaces());
      expect(Object.keys(ifs)).to.deep.equal(['lo', 'eth0']);
      expect(ifs.eth0).to.deep.equal([{ address: '10.0.0.1', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:0a:00:00:01', internal: false, cidr: '10.0.0.1/24' }]);
      expect(run.onHost('b', () => os.hostname())).to.equal('b');
    });
  });
});

describe('embedded Node timers on virtual time', () => {
  it('fires setTimeout, setInterval, setImmediate and timers/promises at virtual times; Date and performance follow', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const log: string[] = [];
      const t0 = performance.now();
      expect(Date.now()).to.equal(DEFAULT_EPOCH_MS);
      setTimeout(() => log.push(`timeout ${run.nowMs} ${Date.now() - DEFAULT_EPOCH_MS}`), 250);
      const iv = setInterval(() => log.push(`interval ${run.nowMs}`), 100);
      setImmediate(() => log.push(`immediate ${run.nowMs}`));
      void require('timers/promises').setTimeout(120).then(() => log.push(`promise ${run.nowMs}`));
      await run.run({ forMs: 310 });
      clearInterval(iv);
      expect(log).to.deep.equal(['immediate 0', 'interval 100', 'promise 120', 'interval 200', 'timeout 250 250', 'interval 300']);
      expect(performance.now() - t0).to.equal(310);
      expect(run.nowMs).to.equal(310);
    });
  });

  it('runs microtasks between two timers due at the same millisecond, as Node does', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const log: string[] = [];
      setTimeout(() => {
        log.push('first');
        void Promise.resolve().then(() => log.push('microtask'));
      }, 10);
      setTimeout(() => log.push('second'), 10);
      await run.run({ forMs: 20 });
      expect(log).to.deep.equal(['first', 'microtask', 'second']);
    });
  });

  it('shows the arrival time on Date.now() in a message handler, and timers set there count from it', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const seen: number[] = [];
      const s = run.onHost('b', () => dgram.createSocket('udp4'));
      s.on('message', () => {
        seen.push(Date.now() - DEFAULT_EPOCH_MS);
        setTimeout(() => seen.push(run.nowMs), 30);
      });
      s.bind(5000);
      run.onHost('a', () => dgram.createSocket('udp4').send('x', 5000, '10.0.0.2'));
      await run.run({ forMs: 100 });
      expect(seen).to.deep.equal([5, 35]);
    });
  });

  it('drive() returns a promise\'s value, and fails when the world goes idle first', async () => {
    await withEmbedded(lan(), {}, async (run) => {
      const v = await run.drive(new Promise<number>((r) => setTimeout(() => r(42), 1000)));
      expect(v).to.equal(42);
      expect(run.nowMs).to.equal(1000);
      let err: unknown;
      await run.drive(new Promise(() => undefined)).catch((e: unknown) => (err = e));
      expect(String(err)).to.match(/nothing is left to run/);
    });
  });

  it('restores the real clock afterwards', async () => {
    await withEmbedded(lan(), {}, async () => undefined);
    expect(Math.abs(Date.now() - new Date().getTime())).to.be.below(1000);
    expect(Date.now()).to.be.greaterThan(DEFAULT_EPOCH_MS + 10 ** 9);
    await new Promise((r) => setImmediate(r));
  });
});

describe('embedded randomness', () => {
  it('draws Math.random and crypto randomness from the world seed: same seed, same values; restored after', async () => {
    const draw = (): Promise<string> => withEmbedded(lan(), {}, async () =>
      [Math.random(), crypto.randomBytes(4).toString('hex'), crypto.randomUUID(), crypto.randomInt(1000),
        Buffer.from(crypto.getRandomValues(new Uint8Array(4))).toString('hex')].join(' '));
    const a = await draw();
    expect(await draw()).to.equal(a);
    expect(a).to.match(/^0\.\d+ [0-9a-f]{8} [0-9a-f-]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12} \d+ [0-9a-f]{8}$/);
    expect(crypto.randomBytes(8).toString('hex')).to.not.equal(crypto.randomBytes(8).toString('hex'));
  });
});

/** a (10.0.0.1, 2001:db8::1) and b (10.0.0.2, 2001:db8::2) on one dual-stack LAN with 5 ms latency. */
function dualLan(): World {
  const w = new World({ seed: 3 });
  w.network('lan', ['10.0.0.0/24', '2001:db8::/64'], { latency: 5 });
  w.host('a', { ifaces: [{ network: 'lan', ip: ['10.0.0.1', '2001:db8::1'] }] });
  w.host('b', { ifaces: [{ network: 'lan', ip: ['10.0.0.2', '2001:db8::2'] }] });
  return w;
}

describe('embedded dgram: udp6', () => {
  it('runs udp6 code unmodified: IPv6 both ways, IPv4 seen as ::ffff:a.b.c.d on a dual-stack socket', async () => {
    await withEmbedded(dualLan(), {}, async (run) => {
      const got: string[] = [];
      run.onHost('b', () => {
        const server = dgram.createSocket('udp6');
        server.on('message', (m: Buffer, r: RemoteInfo) => {
          got.push(`b ${m.toString()} ${r.address}:${r.port} ${r.family}`);
          server.send(m, r.port, r.address);
        });
        server.bind(7);
      });
      run.onHost('a', () => {
        const c6 = dgram.createSocket({ type: 'udp6', ipv6Only: true });
        c6.on('message', (m: Buffer, r: RemoteInfo) => got.push(`a6 ${m.toString()} ${r.address} ${r.family}`));
        c6.bind(4000, () => c6.send('six', 7, '2001:DB8::2'));
        const c4 = dgram.createSocket('udp4');
        c4.on('message', (m: Buffer, r: RemoteInfo) => got.push(`a4 ${m.toString()} ${r.address} ${r.family}`));
        c4.bind(4001, () => c4.send('four', 7, '10.0.0.2'));
      });
      await run.run({ forMs: 50 });
      expect(got).to.have.members([
        'b six 2001:db8::1:4000 IPv6', 'b four ::ffff:10.0.0.1:4001 IPv6', 'a6 six 2001:db8::2 IPv6', 'a4 four 10.0.0.2 IPv4',
      ]);
    });
  });

  it('gives Node\'s errors across families and lists IPv6 addresses in os.networkInterfaces()', async () => {
    await withEmbedded(dualLan(), {}, async (run) => {
      const errs: string[] = [];
      let ifaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = {};
      run.onHost('a', () => {
        dgram.createSocket('udp4').send('x', 9, '::1', (e) => errs.push(e ? e.message : 'ok'));
        dgram.createSocket('udp6').connect(9, '10.0.0.2', (e?: Error) => errs.push(e ? e.message : 'ok'));
        ifaces = os.networkInterfaces();
      });
      await run.run({ forMs: 1 });
      expect(errs).to.have.members(['send EINVAL ::1:9', 'connect EINVAL 10.0.0.2:9']);
      expect(ifaces.eth0!.map((i) => `${i.family} ${i.cidr} ${i.netmask}`)).to.deep.equal([
        'IPv4 10.0.0.1/24 255.255.255.0', 'IPv6 2001:db8::1/64 ffff:ffff:ffff:ffff::',
      ]);
      expect(ifaces.lo!.map((i) => i.address)).to.deep.equal(['127.0.0.1', '::1']);
    });
  });
});
