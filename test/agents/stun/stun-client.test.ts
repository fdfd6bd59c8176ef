import { expect } from 'chai';
import { StunClient } from '../../../src/agents/stun/stun-client';
import { StunClientUsageError } from '../../../src/agents/stun/errors';
import type { StunTransaction, StunTransactionFailure } from '../../../src/agents/stun/stun-transaction';
import { sendOffsets, failureOffset, resolveTransactionTiming } from '../../../src/agents/stun/stun-transaction-timing';
import {
  encode, shortTermKey, StunMessage, StunMethod, DecodedStunMessage, newTransactionId,
} from '../../../src/protocols/stun';
import { agentEvents, pair, responder } from './helpers';

/** A Binding success response to `req` carrying the requester's address. */
function bindingSuccess(req: DecodedStunMessage, address: string, port: number): StunMessage {
  return StunMessage.successResponse(req).add('XOR-MAPPED-ADDRESS', { family: 4, address, port });
}

/** Collects what the owner of a transaction hears. */
function recorder() {
  const heard: string[] = [];
  const handlers = {
    onResponse: (m: DecodedStunMessage) => heard.push(`response:${m.class}`),
    onTimeout: (tx: StunTransaction) => heard.push(`timeout:${tx.attempts}`),
    onError: (f: StunTransactionFailure) => heard.push(`error:${f.reason}`),
  };
  return { heard, handlers };
}

describe('STUN client transactions (RFC 8489 §6.2.1)', () => {
  it('computes the default schedule: sends at 0, 500, 1500, 3500, 7500, 15500, 31500 ms, failure at 39500 ms', () => {
    const t = resolveTransactionTiming();
    expect(sendOffsets(t)).to.deep.equal([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(failureOffset(t)).to.equal(39500);
  });

  for (const [story, link] of [['a link that is down', { up: false }], ['a link that loses everything', { loss: 1 }]] as const) {
    it(`retransmits on the exact schedule and fails at 39.5 s over ${story}`, () => {
      const { world, a, rec } = pair(link);
      const env = a.env('test');
      const client = new StunClient(env, a.createSocket());
      const { heard, handlers } = recorder();
      const tx = client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, handlers);
      world.runFor(60_000);
      const drops = rec.ofKind('dropped').filter((d) => d.node === 'lan');
      expect(drops.map((d) => d.t / 1000)).to.deep.equal([0, 500, 1500, 3500, 7500, 15500, 31500]);
      expect(drops.every((d) => d.reason === (link.up === false ? 'link-down' : 'link-loss'))).to.equal(true);
      expect(tx.sendTimes).to.deep.equal([0, 500, 1500, 3500, 7500, 15500, 31500]);
      expect(agentEvents(rec, 'stun-client', 'timeout').map((e) => e.t)).to.deep.equal([39500]);
      expect(heard).to.deep.equal(['timeout:7']);
      expect(tx.state).to.equal('timed-out');
    });
  }

  it('uses configured RTO, Rc and Rm', () => {
    const { world, a } = pair({ up: false });
    const client = new StunClient(a.env('test'), a.createSocket(), { transaction: { rto: 100, rc: 3 } });
    let failedAt = -1;
    const tx = client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478,
      { onResponse: () => undefined, onTimeout: () => (failedAt = world.nowMs) }, { rm: 4 });
    world.runFor(5000);
    expect(tx.sendTimes).to.deep.equal([0, 100, 300]);
    expect(failedAt).to.equal(700);
  });

  it('stops retransmitting once a response arrives', () => {
    const { world, a, b } = pair({ latency: 5 });
    let seen = 0;
    responder(b, 3478, (req, r, sock) => {
      if (++seen === 3) sock.send(encode(bindingSuccess(req, r.address, r.port)), r.port, r.address);
    });
    const client = new StunClient(a.env('test'), a.createSocket());
    const { heard, handlers } = recorder();
    const tx = client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, handlers);
    world.runFor(60_000);
    expect(tx.sendTimes).to.deep.equal([0, 500, 1500]);
    expect(seen).to.equal(3);
    expect(heard).to.deep.equal(['response:success']);
    expect(tx.response?.get('XOR-MAPPED-ADDRESS')?.address).to.equal('10.0.0.1');
  });

  it('ignores duplicate responses and traces them', () => {
    const { world, a, b, rec } = pair({ latency: 5 });
    responder(b, 3478, (req, r, sock) => {
      const bytes = encode(bindingSuccess(req, r.address, r.port));
      sock.send(bytes, r.port, r.address);
      sock.send(bytes, r.port, r.address);
    });
    const client = new StunClient(a.env('test'), a.createSocket());
    const { heard, handlers } = recorder();
    client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, handlers);
    world.runFor(1000);
    expect(heard).to.deep.equal(['response:success']);
    expect(agentEvents(rec, 'stun-client', 'ignored').map((e) => e.data.reason)).to.deep.equal(['duplicate']);
  });

  it('ignores a late response after the timeout', () => {
    const { world, a, b, rec } = pair({ latency: 5 });
    responder(b, 3478, (req, r, sock) => {
      if (req.transactionId && world.nowMs > 31_000) {
        a.timers.setTimeout(() => sock.send(encode(bindingSuccess(req, r.address, r.port)), r.port, r.address), 10_000);
      }
    });
    const client = new StunClient(a.env('test'), a.createSocket());
    const { heard, handlers } = recorder();
    client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, handlers);
    world.runFor(60_000);
    expect(heard).to.deep.equal(['timeout:7']);
    expect(agentEvents(rec, 'stun-client', 'ignored').map((e) => [e.t, e.data.reason])).to.deep.equal([[41_510, 'late']]);
  });

  it('hands unrelated packets to onUnmatched, and traces them as ignored without it', () => {
    const { world, a, b, rec } = pair();
    const sockA = a.createSocket();
    sockA.bind(5000);
    const unmatched: string[] = [];
    const client = new StunClient(a.env('test'), sockA, {
      onUnmatched: (p) => unmatched.push(p.message ? p.message.class : `raw:${p.decodeError?.code}`) > 0,
    });
    const other = b.createSocket();
    const stray = StunMessage.successResponse(StunMessage.request(StunMethod.Binding, newTransactionId(b.env('x').random)));
    other.send(encode(stray), 5000, '10.0.0.1');
    other.send(encode(StunMessage.request(StunMethod.Binding, newTransactionId(b.env('y').random))), 5000, '10.0.0.1');
    other.send(Buffer.from('hello'), 5000, '10.0.0.1');
    world.runFor(100);
    expect(unmatched).to.deep.equal(['success', 'request', 'raw:too-short']);
    client.close();
    const plain = a.createSocket();
    plain.bind(5001);
    new StunClient(a.env('test'), plain);
    other.send(encode(stray), 5001, '10.0.0.1');
    other.send(Buffer.from('hello'), 5001, '10.0.0.1');
    world.runFor(100);
    expect(agentEvents(rec, 'stun-client', 'ignored').map((e) => e.data.reason)).to.deep.equal(['unknown-transaction', 'not-stun']);
  });

  it('keeps at most 10 transactions outstanding per server and queues the rest in order', () => {
    const { world, a } = pair({ up: false });
    const client = new StunClient(a.env('test'), a.createSocket());
    const txs = Array.from({ length: 13 }, () =>
      client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, { onResponse: () => undefined, onTimeout: () => undefined }));
    const elsewhere = client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.3', 3478, { onResponse: () => undefined });
    expect([client.outstanding('10.0.0.2', 3478), client.queued('10.0.0.2', 3478)]).to.deep.equal([10, 3]);
    expect(elsewhere.state).to.equal('pending');
    txs[0].cancel();
    expect(txs[10].state).to.equal('pending');
    world.runFor(100_000);
    expect(txs.map((t) => t.sendTimes[0])).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 39500, 39500]);
    expect(txs.slice(1).every((t) => t.state === 'timed-out')).to.equal(true);
    expect(txs[0].state).to.equal('cancelled');
  });

  it('signs requests, accepts responses signed with the key, and drops badly signed ones as never received', () => {
    const { world, a, b, rec } = pair({ latency: 1 });
    const key = shortTermKey('secret');
    let n = 0;
    responder(b, 3478, (req, r, sock) => {
      n++;
      expect(req.has('MESSAGE-INTEGRITY')).to.equal(true);
      const signWith = n === 1 ? shortTermKey('wrong') : key;
      sock.send(encode(bindingSuccess(req, r.address, r.port), { integrity: { key: signWith }, fingerprint: true }), r.port, r.address);
    });
    const client = new StunClient(a.env('test'), a.createSocket());
    const { heard, handlers } = recorder();
    const tx = client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()).add('USERNAME', 'u'), '10.0.0.2', 3478,
      handlers, { integrity: { key }, fingerprint: true });
    world.runFor(5000);
    expect(agentEvents(rec, 'stun-client', 'ignored').map((e) => e.data.reason)).to.deep.equal(['bad-integrity']);
    expect(tx.attempts).to.equal(2);
    expect(heard).to.deep.equal(['response:success']);
  });

  it('accepts an unsigned 401 while verifying, but not an unsigned success', () => {
    const { world, a, b } = pair({ latency: 1 });
    responder(b, 3478, (req, r, sock) => {
      const res = req.get('USERNAME') === 'bad' ? StunMessage.errorResponse(req, 401) : bindingSuccess(req, r.address, r.port);
      sock.send(encode(res), r.port, r.address);
    });
    const client = new StunClient(a.env('test'), a.createSocket(), { transaction: { rc: 2, rm: 2 } });
    const key = shortTermKey('pw');
    const bad = recorder();
    const good = recorder();
    client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()).add('USERNAME', 'bad'), '10.0.0.2', 3478, bad.handlers, { integrity: { key } });
    client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()).add('USERNAME', 'ok'), '10.0.0.2', 3478, good.handlers, { integrity: { key } });
    world.runFor(5000);
    expect(bad.heard).to.deep.equal(['response:error']);
    expect(good.heard).to.deep.equal(['timeout:2']);
  });

  it('fails the transaction when the response has unknown comprehension-required attributes (§6.3.3)', () => {
    const { world, a, b } = pair();
    responder(b, 3478, (req, r, sock) => sock.send(encode(bindingSuccess(req, r.address, r.port).addRaw(0x7777, new Uint8Array(4))), r.port, r.address));
    const client = new StunClient(a.env('test'), a.createSocket());
    const { heard, handlers } = recorder();
    client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, handlers);
    world.runFor(1000);
    expect(heard).to.deep.equal(['error:unknown-attributes']);
  });

  it('fails live transactions with closed on close(), and refuses misuse with named errors', () => {
    const { world, a } = pair({ up: false });
    const client = new StunClient(a.env('test'), a.createSocket());
    const { heard, handlers } = recorder();
    const id = client.newTransactionId();
    client.request(StunMessage.request(StunMethod.Binding, id), '10.0.0.2', 3478, handlers);
    expect(() => client.request(StunMessage.request(StunMethod.Binding, id), '10.0.0.2', 3478, handlers)).to.throw(StunClientUsageError, /already outstanding/);
    expect(() => client.request(StunMessage.indication(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, handlers)).to.throw(StunClientUsageError, /must be a request/);
    expect(() => client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, handlers, { rto: 0 })).to.throw(StunClientUsageError, /rto/);
    client.close();
    world.runFor(60_000);
    expect(heard).to.deep.equal(['error:closed']);
    expect(() => client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, handlers)).to.throw(StunClientUsageError, /closed/);
  });

  it('stops retransmitting on request but still accepts a response until the would-be timeout (RFC 8445 §7.3.1.4)', () => {
    const { world, a, b } = pair({ latency: 5 });
    let seen = 0;
    responder(b, 3478, (req, r, sock) => {
      seen++;
      a.timers.setTimeout(() => sock.send(encode(bindingSuccess(req, r.address, r.port)), r.port, r.address), 20_000);
    });
    const client = new StunClient(a.env('test'), a.createSocket());
    const { heard, handlers } = recorder();
    const tx = client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.2', 3478, handlers);
    world.runFor(1000);
    tx.stopRetransmitting();
    world.runFor(30_000);
    expect(tx.sendTimes).to.deep.equal([0, 500]);
    expect(heard).to.deep.equal(['response:success']);
    const quiet = client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '10.0.0.9', 3478, handlers);
    quiet.stopRetransmitting();
    const stoppedAt = world.nowMs;
    world.runFor(60_000);
    expect(quiet.sendTimes).to.deep.equal([stoppedAt]);
    expect(heard).to.deep.equal(['response:success', 'timeout:1']);
    expect(seen).to.equal(2);
  });

  it('can send through a transport callback instead of the socket (a TURN relay, say)', () => {
    const { world, a } = pair();
    const sent: string[] = [];
    const client = new StunClient(a.env('test'), a.createSocket(), { send: (bytes, address, port) => void sent.push(`${address}:${port}:${bytes.length}`), transaction: { rc: 2, rm: 1 } });
    client.request(StunMessage.request(StunMethod.Binding, client.newTransactionId()), '203.0.113.7', 9, { onResponse: () => undefined });
    world.runFor(5000);
    expect(sent).to.deep.equal(['203.0.113.7:9:20', '203.0.113.7:9:20']);
  });
});
