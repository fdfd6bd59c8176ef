import { expect } from 'chai';
import { StunMethod } from '../../../src/protocols/stun';
import { makeRestCredentials } from '../../../src/protocols/turn';
import { TurnClient, TurnClientError, TurnClientUsageError, DEFAULT_UNIX_EPOCH_S } from '../../../src/agents/turn';
import { TraceRecorder } from '../../../src/sim/trace';
import { allocated, client, complete, RawClient, SERVER_IP, startServer, turnWorld } from './helpers';

/** Allocates with `c` and returns the callback's error (null on success). */
function allocateError(w: ReturnType<typeof turnWorld>, c: TurnClient, maxMs = 400_000): TurnClientError | null {
  let result: TurnClientError | null | undefined;
  c.allocate((err) => (result = err));
  w.runUntil(() => result !== undefined, maxMs);
  if (result === undefined) throw new Error('allocate did not finish');
  return result;
}

describe('TURN client: error handling (RFC 8656 §7.4, RFC 8489 §9.2.5)', () => {
  it('sends the first Allocate without credentials, then signs it with the REALM and NONCE of the 401', () => {
    const w = turnWorld();
    const server = startServer(w);
    const rec = new TraceRecorder(w.sim.trace);
    const { c } = client(w, 'alice');
    allocated(w, c);
    const codes = rec.ofKind('agent').filter((e) => e.agent === 'turn-client:alice' || e.agent === 'turn-client');
    expect(codes.filter((e) => e.event === 'error-response').map((e) => e.data?.code)).to.deep.equal([401]);
    expect(server.stats.errorResponses).to.deep.equal({ 401: 1 });
    expect(c.state).to.equal('allocated');
  });

  it('reports 401 to the callback when the password is wrong, without looping', () => {
    const w = turnWorld();
    const server = startServer(w);
    const c = new TurnClient(w.getHost('alice').env('tc'), { server: { address: SERVER_IP }, username: 'alice', password: 'nope' });
    const err = allocateError(w, c);
    expect([err?.name, err?.code, err?.failure]).to.deep.equal(['TurnClientError', 401, 'error-response']);
    expect(server.stats.errorResponses).to.deep.equal({ 401: 2 });
    expect(c.state).to.equal('idle');
  });

  it('retries with the new NONCE after 438 and succeeds', () => {
    const w = turnWorld();
    const server = startServer(w, { nonceLifetimeMs: 60_000 });
    const { c } = client(w, 'alice');
    allocated(w, c);
    w.runFor(61_000);
    expect(complete(w, (cb) => c.createPermission('203.0.113.50', cb))).to.equal(null);
    expect(server.stats.errorResponses).to.deep.equal({ 401: 1, 438: 1 });
    expect(c.hasPermission('203.0.113.50')).to.equal(true);
  });

  it('moves to a new local port after 437 and allocates there', () => {
    const w = turnWorld();
    const server = startServer(w);
    const raw = new RawClient(w, w.getHost('alice'), 5000);
    raw.call(raw.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17), { username: 'alice', password: 'secret', nonce: raw.nonce() });
    raw.sock.close(); // the allocation on (NAT mapping of 192.168.1.10:5000) stays on the server
    w.runFor(10);
    const { c } = client(w, 'alice', 'alice', { localPort: 5000 });
    const rec = new TraceRecorder(w.sim.trace);
    allocated(w, c);
    expect(c.localAddress.port).to.not.equal(5000);
    expect(server.stats.errorResponses[437]).to.equal(1);
    expect(rec.ofKind('agent').some((e) => e.event === 'new-local-port')).to.equal(true);
    expect(server.table.list(w.nowMs)).to.have.length(2);
  });

  it('gives up on 437 when its socket is shared and cannot move', () => {
    const w = turnWorld();
    startServer(w);
    const raw = new RawClient(w, w.getHost('alice'), 5000);
    raw.call(raw.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17), { username: 'alice', password: 'secret', nonce: raw.nonce() });
    const c = new TurnClient(w.getHost('alice').env('tc'), { server: { address: SERVER_IP }, username: 'alice', password: 'secret', socket: raw.sock, demux: 'external' });
    raw.sock.on('message', (m, r) => c.handleDatagram(m, r));
    expect(allocateError(w, c)?.code).to.equal(437);
  });

  const capacity = [
    { story: 'waits a minute after 486 (quota) and allocates once the quota frees', code: 486, init: { userQuota: 1 }, second: 'alice' },
    { story: 'waits a minute after 508 (no relay port) and allocates once the port frees', code: 508, init: { relayPorts: { min: 50000, max: 50000 } }, second: 'bob' },
  ];
  for (const row of capacity) {
    it(row.story, () => {
      const w = turnWorld();
      startServer(w, row.init);
      const first = client(w, 'alice');
      allocated(w, first.c);
      const second = client(w, 'bob', row.second);
      const backoffs: [number, number, number][] = [];
      second.c.on('backoff', (code, ms) => backoffs.push([code, ms, w.nowMs]));
      let at: number | undefined;
      second.c.allocate((err) => {
        expect(err).to.equal(null);
        at = w.nowMs;
      });
      w.runFor(30_000);
      first.c.close();
      w.runUntil(() => at !== undefined, 120_000);
      expect(backoffs.map(([code, ms]) => [code, ms])).to.deep.equal([[row.code, 60_000]]);
      expect(at! - backoffs[0][2]).to.be.within(60_000, 60_200);
    });
  }

  it('gives up with the error after maxCapacityWaits waits', () => {
    const w = turnWorld();
    startServer(w, { userQuota: 1 });
    allocated(w, client(w, 'alice').c);
    const { c } = client(w, 'bob', 'alice', { maxCapacityWaits: 1 });
    const err = allocateError(w, c);
    expect([err?.code, w.nowMs > 60_000]).to.deep.equal([486, true]);
  });

  it('allocates with TURN REST credentials and is refused once they expired', () => {
    const w = turnWorld();
    startServer(w, { authSecret: 'shh' });
    const fresh = makeRestCredentials({ secret: 'shh', nowUnixSeconds: DEFAULT_UNIX_EPOCH_S, ttlSeconds: 600, user: 'carol' });
    const old = makeRestCredentials({ secret: 'shh', nowUnixSeconds: DEFAULT_UNIX_EPOCH_S - 7200, ttlSeconds: 3600, user: 'carol' });
    const ok = new TurnClient(w.getHost('alice').env('rest-ok'), { server: { address: SERVER_IP }, ...fresh });
    const bad = new TurnClient(w.getHost('bob').env('rest-bad'), { server: { address: SERVER_IP }, ...old });
    expect(allocateError(w, ok)).to.equal(null);
    expect(allocateError(w, bad)?.code).to.equal(401);
  });

  it('fails a running Allocate with "closed" when the client is closed meanwhile', () => {
    const w = turnWorld();
    startServer(w, { userQuota: 1 });
    allocated(w, client(w, 'alice').c);
    const { c } = client(w, 'bob', 'alice'); // will wait a minute after 486
    let err: TurnClientError | null | undefined;
    c.allocate((e) => (err = e));
    w.runFor(5_000);
    c.close();
    w.runFor(120_000);
    expect([err?.failure, c.state]).to.deep.equal(['closed', 'closed']);
  });

  it('rejects misuse with TurnClientUsageError naming the call or option', () => {
    const w = turnWorld();
    const { c } = client(w, 'alice');
    expect(() => c.createPermission('1.2.3.4')).to.throw(TurnClientUsageError, /TurnClient.createPermission/);
    expect(() => new TurnClient(w.getHost('alice').env('x'), { server: { address: SERVER_IP }, username: '', password: 'p' })).to.throw(
      TurnClientUsageError,
      /TurnClientInit.username/,
    );
    expect(c.send({ address: '1.2.3.4', port: 1 }, Uint8Array.of(1)), 'send before allocation').to.equal(false);
  });
});
