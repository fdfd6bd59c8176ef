import { expect } from 'chai';
import { StunMethod, type StunMessage } from '../../../src/protocols/stun';
import { TraceRecorder } from '../../../src/sim/trace';
import type { TurnServerInit } from '../../../src/agents/turn/server-config';
import { codeOf, PEER_IP, RawClient, startServer, turnWorld, type RawAuth } from './helpers';

const ALICE = { username: 'alice', password: 'secret' };
const BOB = { username: 'bob', password: 'hunter2' };

/** A world, a server and an authenticated raw client on alice's host. */
function setup(init: TurnServerInit = {}, port = 5000) {
  const w = turnWorld();
  const server = startServer(w, init);
  const c = new RawClient(w, w.getHost('alice'), port);
  const auth: RawAuth = { ...ALICE, nonce: c.nonce() };
  return { w, server, c, auth };
}

function allocate(c: RawClient, transport = 17): StunMessage {
  return c.request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', transport);
}

describe('TURN server: Allocate (RFC 8656 §7.2)', () => {
  const errors: { story: string; build: (c: RawClient) => StunMessage; code: number; unknown?: number[] }[] = [
    { story: 'answers REQUESTED-TRANSPORT TCP (6) with 442', build: (c) => allocate(c, 6), code: 442 },
    { story: 'answers a missing REQUESTED-TRANSPORT with 400', build: (c) => c.request(StunMethod.Allocate), code: 400 },
    {
      story: 'answers an unknown comprehension-required attribute with 420 and UNKNOWN-ATTRIBUTES',
      build: (c) => allocate(c).addRaw(0x7777, Uint8Array.of(1, 2, 3, 4)),
      code: 420,
      unknown: [0x7777],
    },
    { story: 'answers DONT-FRAGMENT (unsupported) with 420 naming it', build: (c) => allocate(c).add('DONT-FRAGMENT'), code: 420, unknown: [0x001a] },
    { story: 'answers REQUESTED-ADDRESS-FAMILY IPv6 with 440', build: (c) => allocate(c).add('REQUESTED-ADDRESS-FAMILY', 6), code: 440 },
  ];
  for (const row of errors) {
    it(row.story, () => {
      const { c, auth, server } = setup();
      const r = c.call(row.build(c), auth);
      expect(codeOf(r)).to.equal(row.code);
      if (row.unknown) expect(r.get('UNKNOWN-ATTRIBUTES')).to.deep.equal(row.unknown);
      expect(r.has('MESSAGE-INTEGRITY'), 'authenticated errors are signed').to.equal(true);
      expect(server.relayedPorts()).to.deep.equal([]);
    });
  }

  it('ignores an unknown comprehension-optional attribute', () => {
    const { c, auth } = setup();
    expect(c.call(allocate(c).addRaw(0x8777, Uint8Array.of(1)), auth).class).to.equal('success');
  });

  it('answers a second Allocate on the same 5-tuple with 437, and a retransmission with the same success', () => {
    const { c, auth, server } = setup();
    const first = allocate(c);
    const ok = c.call(first, auth);
    const again = c.call(first, auth); // same transaction id: a retransmission (§7.2)
    expect(again.get('XOR-RELAYED-ADDRESS')).to.deep.equal(ok.get('XOR-RELAYED-ADDRESS'));
    expect(codeOf(c.call(allocate(c), auth))).to.equal(437);
    expect(server.stats.allocationsCreated).to.equal(1);
  });

  const lifetimes = [
    { story: 'grants the default 600 s without LIFETIME', asked: undefined, granted: 600 },
    { story: 'raises a LIFETIME below the default to 600 s', asked: 30, granted: 600 },
    { story: 'grants 1200 s when asked', asked: 1200, granted: 1200 },
    { story: 'caps LIFETIME at the 3600 s maximum', asked: 100_000, granted: 3600 },
  ];
  for (const row of lifetimes) {
    it(row.story, () => {
      const { c, auth } = setup();
      const m = allocate(c);
      if (row.asked !== undefined) m.add('LIFETIME', row.asked);
      expect(c.call(m, auth).get('LIFETIME')).to.equal(row.granted);
    });
  }

  it('answers 486 once a user holds its quota of allocations', () => {
    const { w, c, auth } = setup({ userQuota: 1 });
    expect(c.call(allocate(c), auth).class).to.equal('success');
    const c2 = new RawClient(w, w.getHost('alice'), 5001);
    const r = c2.call(allocate(c2), { ...ALICE, nonce: c2.nonce() });
    expect(codeOf(r)).to.equal(486);
    const bob = new RawClient(w, w.getHost('bob'));
    expect(bob.call(allocate(bob), { ...BOB, nonce: bob.nonce() }).class, 'other users are not affected').to.equal('success');
  });

  it('answers 508 when the relay port range is exhausted, and allocates again once the port is freed', () => {
    const { w, c, auth, server } = setup({ relayPorts: { min: 50000, max: 50000 } });
    expect(c.call(allocate(c), auth).get('XOR-RELAYED-ADDRESS')?.port).to.equal(50000);
    const bob = new RawClient(w, w.getHost('bob'));
    const bobAuth = { ...BOB, nonce: bob.nonce() };
    expect(codeOf(bob.call(allocate(bob), bobAuth))).to.equal(508);
    expect(c.call(c.request(StunMethod.Refresh).add('LIFETIME', 0), auth).get('LIFETIME')).to.equal(0);
    expect(server.relayedPorts()).to.deep.equal([]);
    expect(bob.call(allocate(bob), bobAuth).get('XOR-RELAYED-ADDRESS')?.port).to.equal(50000);
  });

  it('answers 508 when the relay port is taken on the host by another socket', () => {
    const { w, c, auth, server } = setup({ relayPorts: { min: 50000, max: 50000 } });
    w.getHost('turn').createSocket().bind(50000);
    w.runFor(1);
    expect(codeOf(c.call(allocate(c), auth))).to.equal(508);
    expect(server.table.list(w.nowMs)).to.have.length(0);
  });
});

describe('TURN server: Refresh, CreatePermission, ChannelBind (RFC 8656 §8-§12)', () => {
  it('answers 437 to Refresh, CreatePermission and ChannelBind without an allocation', () => {
    const { c, auth } = setup();
    const peer = { family: 4 as const, address: PEER_IP, port: 7000 };
    const requests = [
      c.request(StunMethod.Refresh),
      c.request(StunMethod.CreatePermission).add('XOR-PEER-ADDRESS', peer),
      c.request(StunMethod.ChannelBind).add('CHANNEL-NUMBER', 0x4000).add('XOR-PEER-ADDRESS', peer),
    ];
    expect(requests.map((m) => codeOf(c.call(m, auth)))).to.deep.equal([437, 437, 437]);
  });

  it("answers 441 to requests signed by another user on alice's allocation", () => {
    const { c, auth } = setup();
    c.call(allocate(c), auth);
    const bobAuth = { ...BOB, nonce: auth.nonce };
    const peer = { family: 4 as const, address: PEER_IP, port: 7000 };
    const r = c.call(c.request(StunMethod.Refresh), bobAuth);
    expect(codeOf(r)).to.equal(441);
    expect(codeOf(c.call(c.request(StunMethod.CreatePermission).add('XOR-PEER-ADDRESS', peer), bobAuth))).to.equal(441);
  });

  it('deletes the allocation on Refresh LIFETIME 0: relay socket closed, port free, traced', () => {
    const { w, c, auth, server } = setup();
    const rec = new TraceRecorder(w.sim.trace);
    const port = c.call(allocate(c), auth).get('XOR-RELAYED-ADDRESS')!.port;
    const freeBefore = server.table.ports.available;
    expect(c.call(c.request(StunMethod.Refresh).add('LIFETIME', 0), auth).get('LIFETIME')).to.equal(0);
    expect(server.relayedPorts()).to.deep.equal([]);
    expect(server.table.ports.available).to.equal(freeBefore + 1);
    const ev = rec.ofKind('agent').filter((e) => e.event === 'allocation-deleted');
    expect(ev.map((e) => e.data?.relayed)).to.deep.equal([`203.0.113.1:${port}`]);
    expect(codeOf(c.call(c.request(StunMethod.Refresh), auth))).to.equal(437);
  });

  it('extends the allocation on Refresh and reports the granted LIFETIME', () => {
    const { w, c, auth, server } = setup();
    c.call(allocate(c), auth);
    w.runFor(500_000);
    expect(c.call(c.request(StunMethod.Refresh).add('LIFETIME', 1800), auth).get('LIFETIME')).to.equal(1800);
    w.runFor(1_000_000);
    expect(server.table.list(w.nowMs)).to.have.length(1);
  });

  it('answers CreatePermission without XOR-PEER-ADDRESS with 400', () => {
    const { c, auth } = setup();
    c.call(allocate(c), auth);
    expect(codeOf(c.call(c.request(StunMethod.CreatePermission), auth))).to.equal(400);
  });

  describe('ChannelBind rules (§12.2)', () => {
    const P = { family: 4 as const, address: PEER_IP, port: 7000 };
    const Q = { family: 4 as const, address: PEER_IP, port: 7001 };
    const bind = (c: RawClient, channel: number, peer: typeof P) =>
      c.request(StunMethod.ChannelBind).add('CHANNEL-NUMBER', channel).add('XOR-PEER-ADDRESS', peer);
    const table = [
      { story: 'rejects 0x3FFF (below the range) with 400', channel: 0x3fff, peer: P, code: 400 },
      { story: 'rejects 0x5000 (above 0x4FFF) with 400', channel: 0x5000, peer: P, code: 400 },
      { story: 'rejects a number bound to another peer with 400', channel: 0x4000, peer: Q, code: 400 },
      { story: 'rejects a peer bound to another number with 400', channel: 0x4001, peer: P, code: 400 },
      { story: 'accepts rebinding the same number to the same peer', channel: 0x4000, peer: P, code: undefined },
      { story: 'accepts another number for another peer', channel: 0x4001, peer: Q, code: undefined },
    ];
    for (const row of table) {
      it(row.story, () => {
        const { c, auth } = setup();
        c.call(allocate(c), auth);
        expect(c.call(bind(c, 0x4000, P), auth).class).to.equal('success');
        expect(codeOf(c.call(bind(c, row.channel, row.peer), auth))).to.equal(row.code);
      });
    }

    it('refreshes a binding when it is bound again (still bound at 900 s after a rebind at 500 s)', () => {
      const { w, c, auth, server } = setup();
      c.call(allocate(c).add('LIFETIME', 3600), auth);
      c.call(bind(c, 0x4000, P), auth);
      w.runFor(500_000);
      c.call(bind(c, 0x4000, P), auth);
      w.runFor(400_000);
      const a = server.table.list(w.nowMs)[0];
      expect(a.channels.peerForChannel(0x4000, w.nowMs)).to.deep.equal({ address: PEER_IP, port: 7000 });
      w.runFor(300_000);
      expect(a.channels.peerForChannel(0x4000, w.nowMs)).to.equal(undefined);
    });
  });
});

describe('TURN server: Binding and malformed requests', () => {
  it('answers a Binding request without credentials with XOR-MAPPED-ADDRESS', () => {
    const { c, server } = setup();
    const r = c.call(c.request(StunMethod.Binding));
    expect(r.class).to.equal('success');
    expect(r.get('XOR-MAPPED-ADDRESS')?.address).to.equal('203.0.113.10');
    expect(server.stats.bindingRequests).to.equal(1);
  });

  it('answers a request with a malformed attribute with 400 on the same transaction', () => {
    const { c } = setup();
    const m = c.request(StunMethod.Allocate).addRaw(0x0019, Uint8Array.of(17)); // REQUESTED-TRANSPORT of 1 byte
    expect(codeOf(c.call(m))).to.equal(400);
  });

  it('answers an unknown method with 400', () => {
    const { c } = setup();
    expect(codeOf(c.call(c.request(0x0ab)))).to.equal(400);
  });
});
