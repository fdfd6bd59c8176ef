import { expect } from 'chai';
import { longTermKey, StunMethod, verifyFingerprint, verifyIntegrity } from '../../../src/protocols/stun';
import { makeRestCredentials } from '../../../src/protocols/turn';
import { DEFAULT_UNIX_EPOCH_S } from '../../../src/agents/turn/server-config';
import { codeOf, NAT_A_IP, RawClient, SERVER_IP, startServer, turnWorld } from './helpers';

function allocate(c: RawClient) {
  return c.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17);
}

describe('TURN server: long-term authentication (RFC 8489 §9.2.4, RFC 8656 §5)', () => {
  it('answers an unauthenticated Allocate with 401, REALM and NONCE, unsigned but fingerprinted', () => {
    const w = turnWorld();
    const server = startServer(w);
    const c = new RawClient(w, w.getHost('alice'));
    const r = c.call(allocate(c));
    expect([r.class, codeOf(r), r.get('REALM')]).to.deep.equal(['error', 401, 'sim.test']);
    expect(r.get('NONCE')).to.match(/^[A-Za-z0-9]{16}$/);
    expect(r.has('MESSAGE-INTEGRITY')).to.equal(false);
    expect(verifyFingerprint(r)).to.equal(true);
    expect(r.get('SOFTWARE')).to.equal('natsim-turn');
    expect(server.stats.errorResponses).to.deep.equal({ 401: 1 });
  });

  it('grants an Allocate signed with the right key and signs the response with it', () => {
    const w = turnWorld();
    const server = startServer(w);
    const c = new RawClient(w, w.getHost('alice'), 5000);
    const nonce = c.nonce();
    const r = c.call(allocate(c), { username: 'alice', password: 'secret', nonce });
    expect(r.class).to.equal('success');
    expect(verifyIntegrity(r, longTermKey('alice', 'sim.test', 'secret'))).to.equal(true);
    expect(verifyIntegrity(r, longTermKey('alice', 'sim.test', 'wrong'))).to.equal(false);
    const relayed = r.get('XOR-RELAYED-ADDRESS')!;
    expect(relayed.address).to.equal(SERVER_IP);
    expect(relayed.port).to.be.within(49152, 65535);
    expect(r.get('LIFETIME')).to.equal(600);
    expect(r.get('XOR-MAPPED-ADDRESS')?.address).to.equal(NAT_A_IP);
    expect(server.relayedPorts()).to.deep.equal([relayed.port]);
  });

  it('answers a wrong password with 401 and a usable challenge', () => {
    const w = turnWorld();
    const server = startServer(w);
    const c = new RawClient(w, w.getHost('alice'));
    const nonce = c.nonce();
    const r = c.call(allocate(c), { username: 'alice', password: 'guess', nonce });
    expect([codeOf(r), r.get('REALM'), r.get('NONCE')]).to.deep.equal([401, 'sim.test', nonce]);
    expect(server.table.list(w.nowMs)).to.have.length(0);
  });

  it('answers 401 for an unknown user', () => {
    const w = turnWorld();
    startServer(w);
    const c = new RawClient(w, w.getHost('alice'));
    const nonce = c.nonce();
    expect(codeOf(c.call(allocate(c), { username: 'mallory', password: 'x', nonce }))).to.equal(401);
  });

  it('answers a stale nonce with 438 and a fresh NONCE that then works', () => {
    const w = turnWorld();
    startServer(w, { nonceLifetimeMs: 60_000 });
    const c = new RawClient(w, w.getHost('alice'));
    const nonce = c.nonce();
    w.runFor(61_000);
    const stale = c.call(allocate(c), { username: 'alice', password: 'secret', nonce });
    expect(codeOf(stale)).to.equal(438);
    const fresh = stale.get('NONCE')!;
    expect(fresh).to.not.equal(nonce);
    expect(stale.get('REALM')).to.equal('sim.test');
    expect(c.call(allocate(c), { username: 'alice', password: 'secret', nonce: fresh }).class).to.equal('success');
  });

  it('answers a nonce issued to another client (5-tuple) with 438', () => {
    const w = turnWorld();
    startServer(w);
    const a = new RawClient(w, w.getHost('alice'));
    const b = new RawClient(w, w.getHost('bob'));
    const nonce = a.nonce();
    expect(codeOf(b.call(allocate(b), { username: 'bob', password: 'hunter2', nonce }))).to.equal(438);
  });

  describe('TURN REST credentials (coturn --use-auth-secret)', () => {
    const secret = 'rest-secret';
    const now = DEFAULT_UNIX_EPOCH_S;
    const table = [
      { story: 'accepts a username that expires in an hour', ttl: 3600, code: undefined },
      { story: 'rejects an expired username with 401', ttl: -10, code: 401 },
    ];
    for (const row of table) {
      it(row.story, () => {
        const w = turnWorld();
        startServer(w, { users: {}, authSecret: secret });
        const c = new RawClient(w, w.getHost('alice'));
        const cred = makeRestCredentials({ secret, nowUnixSeconds: now, ttlSeconds: row.ttl, user: 'carol' });
        const nonce = c.nonce();
        const r = c.call(allocate(c), { username: cred.username, password: cred.password, nonce });
        expect(codeOf(r)).to.equal(row.code);
      });
    }

    it('rejects a REST password made with another secret', () => {
      const w = turnWorld();
      startServer(w, { authSecret: secret });
      const c = new RawClient(w, w.getHost('alice'));
      const cred = makeRestCredentials({ secret: 'other', nowUnixSeconds: now, user: 'carol' });
      expect(codeOf(c.call(allocate(c), { ...cred, nonce: c.nonce() }))).to.equal(401);
      // static users still work next to the secret
      expect(codeOf(c.call(allocate(c), { username: 'alice', password: 'secret', nonce: c.nonce() }))).to.equal(undefined);
    });

    it('expires a REST username as virtual time passes its timestamp', () => {
      const w = turnWorld();
      startServer(w, { authSecret: secret });
      const c = new RawClient(w, w.getHost('alice'));
      const cred = makeRestCredentials({ secret, nowUnixSeconds: now, ttlSeconds: 60 });
      w.runFor(61_000);
      expect(codeOf(c.call(allocate(c), { ...cred, nonce: c.nonce() }))).to.equal(401);
    });
  });
});
