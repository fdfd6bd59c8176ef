import { expect } from 'chai';
import dgram = require('dgram');
import { discoverServerCommand } from '../../src/cli/commands/discover';
import { CliUsageError } from '../../src/cli/cli-errors';
import { decode, encode, StunMessage } from '../../src/protocols/stun';
import { discoverReal } from '../../src/real';

// `natsim discover --server` time limits: the overall --timeout (partial results instead of nothing) and the
// per-transaction RFC 8489 §6.2.1 timers --rto/--rc/--rm. Loopback only; ports 35400-35499 belong to this file.

/**
 * A server that claims RFC 5780 (it sends OTHER-ADDRESS) but ignores every CHANGE-REQUEST, as a broken or
 * filtered server does: Test I, the mapping and the hairpinning tests are answered, filtering Tests II and III
 * are silent, so with RFC 8489's timers the filtering step alone takes 2 × 39.5 s.
 */
async function changeIgnoringServer(port: number): Promise<{ close(): void; requests: () => RequestCounts }> {
  const s = dgram.createSocket('udp4');
  const counts = { changeRequests: 0, answered: new Set<string>() };
  s.on('message', (bytes, rinfo) => {
    const d = decode(bytes);
    if (!d.ok || d.message.class !== 'request') return;
    if (d.message.has('CHANGE-REQUEST')) {
      counts.changeRequests++;
      return;
    }
    counts.answered.add(Buffer.from(d.message.transactionId).toString('hex'));
    const res = StunMessage.successResponse(d.message)
      .add('XOR-MAPPED-ADDRESS', { family: 4, address: rinfo.address, port: rinfo.port })
      .add('OTHER-ADDRESS', { family: 4, address: '127.0.0.2', port: port + 1 });
    s.send(encode(res), rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => s.bind(port, '127.0.0.1', r));
  return { close: () => s.close(), requests: () => ({ changeRequests: counts.changeRequests, answeredTransactions: counts.answered.size }) };
}

/**
 * What the server saw: CHANGE-REQUESTs received (never answered, so each transaction sends exactly Rc of them), and
 * the distinct transactions it answered (a loaded machine may delay an answer past a short RTO, and the client then
 * rightly sends the same transaction again: counted once here).
 */
interface RequestCounts {
  readonly changeRequests: number;
  readonly answeredTransactions: number;
}

describe('natsim discover --server time limits (loopback)', function () {
  this.timeout(20_000);
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const c of closers.splice(0)) c();
    process.exitCode = undefined;
  });
  async function server(port: number): Promise<{ requests: () => RequestCounts }> {
    const s = await changeIgnoringServer(port);
    closers.push(() => s.close());
    return s;
  }

  it('discoverReal stops at timeoutMs and resolves with the steps that finished (mapping), listing the rest', async () => {
    await server(35400);
    const t0 = performance.now();
    const r = await discoverReal('127.0.0.1:35400', { localAddresses: ['127.0.0.1'], timeoutMs: 1500 });
    expect(performance.now() - t0).to.be.below(5000);
    expect(r.publicAddress?.address).to.equal('127.0.0.1');
    expect(r.mapping, 'mapping finished: no NAT').to.equal('endpoint-independent');
    expect(r.filtering).to.equal(null);
    expect(r.unfinished).to.deep.equal(['filtering', 'hairpinning']);
    expect(r.notes).to.deep.equal(['stopped early (time limit of 1.5 s reached): not finished: filtering, hairpinning']);
  });

  it('--timeout prints the finished findings, marks the others "not finished" and exits 1', async () => {
    await server(35410);
    const text = await discoverServerCommand({ server: '127.0.0.1:35410', timeout: '1500ms' });
    expect(text).to.match(/stopped at the time limit: results of the steps that finished \(not finished: filtering, hairpinning\)/);
    expect(text).to.match(/public address\s+127\.0\.0\.1:\d+/);
    expect(text).to.match(/mapping\s+endpoint-independent/);
    expect(text).to.match(/filtering\s+not finished \(time limit\)/);
    expect(text).to.match(/hairpinning\s+not finished \(time limit\)/);
    expect(process.exitCode).to.equal(1);
  });

  it('--timeout --json adds "unfinished" to the usual object', async () => {
    await server(35420);
    const j = JSON.parse(await discoverServerCommand({ server: '127.0.0.1:35420', timeout: '1500ms', json: true }));
    expect(j).to.deep.equal({
      mapping: 'endpoint-independent', filtering: null, hairpinning: false, mappingLifetimeMs: null, classic: 'unknown',
      unfinished: ['filtering', 'hairpinning'],
    });
    expect(process.exitCode).to.equal(1);
  });

  it('--rto/--rc/--rm shorten every transaction: the silent filtering tests end in ms, and the run completes', async () => {
    const s = await server(35430);
    const t0 = performance.now();
    const j = JSON.parse(await discoverServerCommand({ server: '127.0.0.1:35430', rto: '20ms', rc: '3', rm: '2', json: true }));
    expect(performance.now() - t0, 'RFC 8489 defaults would take 79 s').to.be.below(5000);
    // Both CHANGE-REQUESTs unanswered: address-and-port-dependent filtering (RFC 5780 §4.4), no 'unfinished'.
    expect(j).to.deep.equal({
      mapping: 'endpoint-independent', filtering: 'address-and-port-dependent', hairpinning: true, mappingLifetimeMs: null, classic: 'symmetric-udp-firewall',
    });
    // Filtering Tests II and III: Rc = 3 requests each, so 6 CHANGE-REQUESTs; and 4 answered transactions: Test I of
    // the mapping and of the filtering step, and one Binding from each of the hairpinning test's two sockets.
    expect(s.requests()).to.deep.equal({ changeRequests: 6, answeredTransactions: 4 });
    expect(process.exitCode).to.equal(undefined);
  });

  const bad: [string, Parameters<typeof discoverServerCommand>[0], RegExp][] = [
    ['a negative --timeout', { server: '127.0.0.1:35440', timeout: '-1s' }, /--timeout '-1s' is not a positive duration/],
    ['a --timeout without a unit', { server: '127.0.0.1:35440', timeout: '30' }, /--timeout '30' is not a positive duration; write a duration with a unit/],
    ['--rc 0', { server: '127.0.0.1:35440', rc: '0' }, /--rc '0' is not valid; valid: a whole number of requests from 1 to 30/],
    ['--rm x', { server: '127.0.0.1:35440', rm: 'x' }, /--rm 'x' is not valid/],
    ['--rto 0ms', { server: '127.0.0.1:35440', rto: '0ms' }, /--rto '0ms' is not a positive duration/],
  ];
  for (const [story, opts, message] of bad) {
    it(`refuses ${story} as a usage error (exit 2)`, async () => {
      const err = await discoverServerCommand(opts).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(CliUsageError);
      expect((err as Error).message).to.match(message);
    });
  }
});
