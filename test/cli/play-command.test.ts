/**
 * `natsim play` as a user runs it: the compiled CLI is spawned, prints the URL of a server on 127.0.0.1 (and on no
 * other address), serves the playground with every lesson embedded, and stops cleanly on SIGTERM and SIGINT; a bad
 * --port exits 2 with a message naming the flag.
 */
import { expect } from 'chai';
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { once } from 'events';
import { connect } from 'net';
import { networkInterfaces } from 'os';
import { readLessons } from '../../src/playground/build-site';
import { NATSIM_BIN, ROOT, SPAWN_TIMEOUT_MS } from '../support/compiled-cli';

/** Spawns `natsim play --port 0` and resolves with the process and the URL it printed. */
async function startPlay(): Promise<{ child: ChildProcess; url: URL; stdout: () => string }> {
  const child = spawn(process.execPath, [NATSIM_BIN, 'play', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const url = await new Promise<URL>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/[^\s]+/.exec(out);
      if (m) resolve(new URL(m[0]));
    });
    child.once('exit', (code) => reject(new Error(`natsim play exited (${code}) before printing a URL:\n${out}${err}`)));
  });
  return { child, url, stdout: () => out };
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port }, () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

describe('natsim play (spawned)', function () {
  this.timeout(SPAWN_TIMEOUT_MS);

  it('serves the playground with every lesson on 127.0.0.1 only', async () => {
    const { child, url } = await startPlay();
    try {
      expect(url.hostname).to.equal('127.0.0.1');
      expect(Number(url.port)).to.be.above(0);
      const res = await fetch(new URL('index.html', url));
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.contain('text/html');
      const html = await res.text();
      expect(html).to.contain('<title>natsim playground</title>');
      const json = /<script type="application\/json" id="lessons">([\s\S]*?)<\/script>/.exec(html);
      expect(json, 'the lessons are embedded in index.html').to.not.equal(null);
      const lessons = JSON.parse(json![1]) as { name: string }[];
      const want = readLessons().map((l) => l.name);
      expect(want.length).to.be.above(0);
      expect(lessons.map((l) => l.name)).to.deep.equal(want);
      const script = await fetch(new URL('playground.js', url));
      expect(script.status).to.equal(200);
      expect((await script.text()).length).to.be.above(1000);
      expect((await fetch(new URL('../../etc/passwd', url))).status).to.equal(404);
      // bound to 127.0.0.1 alone: the same port on the machine's other addresses refuses the connection
      expect(await accepts('127.0.0.1', Number(url.port))).to.equal(true);
      const others = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal).map((a) => a!.address);
      for (const address of [...others, '::1']) {
        expect(await accepts(address, Number(url.port)), address).to.equal(false);
      }
    } finally {
      child.kill('SIGKILL');
    }
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops cleanly on ${signal}, even with a browser's connection mid-request`, async () => {
      const { child, url } = await startPlay();
      // a keep-alive connection left open, as a browser tab would
      const sock = connect({ host: '127.0.0.1', port: Number(url.port) });
      await once(sock, 'connect');
      sock.write(`GET /index.html HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n\r\n`);
      await once(sock, 'data');
      // ...that has begun its next request (half the headers sent), so the server cannot count it idle
      sock.write(`GET /playground.js HTTP/1.1\r\nHost: ${url.host}\r\n`);
      await new Promise((r) => setImmediate(r));
      const exited = once(child, 'exit');
      const start = performance.now();
      child.kill(signal);
      const [code, sig] = await exited as [number | null, string | null];
      const tookMs = performance.now() - start;
      sock.destroy();
      expect({ code, sig }).to.deep.equal({ code: 0, sig: null });
      // without closing open connections the server waits for the half-sent request (about 6 s here)
      expect(tookMs).to.be.below(3000);
      expect(await accepts('127.0.0.1', Number(url.port))).to.equal(false);
    });
  }

  for (const port of ['abc', '', '70000', '1.5', '-1']) {
    it(`exits 2 for --port '${port}' with a message naming the flag`, () => {
      const r = spawnSync(process.execPath, [NATSIM_BIN, 'play', '--port', port], { cwd: ROOT, encoding: 'utf8', timeout: SPAWN_TIMEOUT_MS });
      expect(r.status).to.equal(2);
      expect(r.stdout).to.not.contain('http://');
      expect(r.stderr).to.match(/--port/);
      expect(r.stderr).to.contain('expected an integer 0-65535');
    });
  }
});
