import { expect } from 'chai';
import { randomBytes } from 'crypto';
import dgram = require('dgram');
import { decode, encode, longTermKey, sameTransactionId, StunMessage, StunMethod, type DecodedStunMessage } from '../../../src/protocols/stun';
import { decodeChannelData, encodeChannelData } from '../../../src/protocols/turn';
import { ServerLog, startTurnService, TurnService } from '../../../src/real';
import { echoPeer } from '../../real/real-helpers';
import { natsim } from '../../real/cli-process';

/**
 * A hand-driven TURN client on a real UDP socket, so a test can choose its channel number: natsim's TurnClient
 * only binds 0x4000-0x4FFF, coturn's turnutils_uclient picks at random in RFC 5766's 0x4000-0x7FFF.
 */
class RawTurnClient {
  private readonly sock = dgram.createSocket('udp4');
  private readonly inbox: Buffer[] = [];
  private readonly key = longTermKey('alice', 'sim.test', 'secret');
  private nonce = '';

  constructor(private readonly serverPort: number) {
    this.sock.on('message', (m) => this.inbox.push(m));
  }

  async open(): Promise<void> {
    await new Promise<void>((r) => this.sock.bind(0, '127.0.0.1', r));
  }

  close(): void {
    this.sock.close();
  }

  /** Sends `msg` (signed once a NONCE is known) and resolves with its response. */
  async call(msg: StunMessage): Promise<DecodedStunMessage> {
    const signed = this.nonce !== '';
    if (signed) msg.add('USERNAME', 'alice').add('REALM', 'sim.test').add('NONCE', this.nonce);
    this.sock.send(encode(msg, { integrity: signed ? { key: this.key } : undefined, fingerprint: true }), this.serverPort, '127.0.0.1');
    const answer = await this.next((b) => {
      const r = decode(b);
      return r.ok && sameTransactionId(r.message.transactionId, msg.transactionId) ? r.message : undefined;
    });
    if (!signed) this.nonce = answer.get('NONCE') ?? '';
    return answer;
  }

  /** Sends raw bytes to the server. */
  send(bytes: Uint8Array): void {
    this.sock.send(bytes, this.serverPort, '127.0.0.1');
  }

  /** Resolves with the first received datagram `pick` accepts (also one received before the call). */
  next<T>(pick: (b: Buffer) => T | undefined, ms = 3000): Promise<T> {
    return new Promise((resolve, reject) => {
      const deadline = Date.now() + ms;
      const poll = (): void => {
        for (const b of this.inbox) {
          const v = pick(b);
          if (v !== undefined) return resolve(v);
        }
        if (Date.now() > deadline) return reject(new Error(`nothing expected arrived within ${ms} ms`));
        setTimeout(poll, 10);
      };
      poll();
    });
  }
}

function request(method: number): StunMessage {
  return StunMessage.request(method, new Uint8Array(randomBytes(12)));
}

// Regression test for a bug the coturn interop tests found: natsim's real TURN server answered ChannelBind for
// channel numbers 0x5000-0x7FFF with 400 (RFC 8656 §12.2), but coturn's turnutils_uclient 4.6 picks them at
// random (RFC 5766 §11 allowed 0x4000-0x7FFF), so most of its runs failed with "channel bind: error 400".
// Needs no coturn. Loopback only; ports 36400-36499 belong to this file.
describe('natsim\'s real TURN server and RFC 5766 channel numbers 0x5000-0x7FFF', function () {
  this.timeout(10_000);
  const closers: (() => void)[] = [];
  afterEach(() => {
    for (const c of closers.splice(0).reverse()) c();
  });

  async function allocated(port: number, legacyChannelNumbers?: boolean): Promise<{ turn: TurnService; client: RawTurnClient; lines: string[] }> {
    const lines: string[] = [];
    const log = new ServerLog({ write: (l) => lines.push(l) });
    const turn = (await startTurnService({
      listen: `127.0.0.1:${port}`, realm: 'sim.test', users: ['alice:secret'], relayPorts: '36410-36419', allowPeers: ['127.0.0.1'], legacyChannelNumbers, log,
    })) as TurnService;
    closers.push(() => turn.close());
    return { turn, client: await allocatedOn(port), lines };
  }

  /** A raw client with an allocation on the TURN server at 127.0.0.1:port. */
  async function allocatedOn(port: number): Promise<RawTurnClient> {
    const client = new RawTurnClient(port);
    closers.push(() => client.close());
    await client.open();
    const challenge = await client.call(request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17));
    expect(challenge.get('ERROR-CODE')?.code).to.equal(401);
    const ok = await client.call(request(StunMethod.Allocate).add('REQUESTED-TRANSPORT', 17));
    expect(ok.class).to.equal('success');
    return client;
  }

  function channelBind(channel: number, peerPort: number): StunMessage {
    return request(StunMethod.ChannelBind).add('CHANNEL-NUMBER', channel).add('XOR-PEER-ADDRESS', { family: 4, address: '127.0.0.1', port: peerPort });
  }

  it('binds channel 0x6999 by default (as coturn does) and relays ChannelData on it both ways', async () => {
    const peer = await echoPeer('127.0.0.1', 36450);
    closers.push(() => peer.close());
    const { turn, client } = await allocated(36400);
    const bound = await client.call(channelBind(0x6999, 36450));
    expect(bound.class, String(bound.get('ERROR-CODE')?.reason)).to.equal('success');
    client.send(encodeChannelData(0x6999, Buffer.from('ping'), { legacyRange: true }));
    const back = await client.next((b) => {
      const cd = decodeChannelData(b);
      return cd.ok ? cd : undefined;
    });
    expect({ channel: back.channel, data: Buffer.from(back.data).toString() }).to.deep.equal({ channel: 0x6999, data: 'echo:ping' });
    expect(turn.server.stats.channelDataIn).to.equal(1);
    expect(turn.server.stats.channelDataOut).to.equal(1);
    expect(turn.server.stats.dropped).to.deep.equal({});
  });

  it('still refuses 0x6999 with 400 when legacyChannelNumbers is false (strict RFC 8656 §12.2)', async () => {
    const { client, lines } = await allocated(36401, false);
    const refused = await client.call(channelBind(0x6999, 36450));
    expect(refused.get('ERROR-CODE')?.code).to.equal(400);
    expect(lines.filter((l) => / error-response .*method=ChannelBind code=400 /.test(l))).to.have.length(1);
    expect(lines.join('\n')).to.match(/channel number 0x6999 is outside 0x4000-0x4FFF/);
    expect((await client.call(channelBind(0x4001, 36450))).class, 'a number in the RFC 8656 range is still bound').to.equal('success');
  });

  it('natsim serve turn --no-legacy-channels refuses 0x6999 with 400 (the flag reaches the server)', async function () {
    this.timeout(45_000);
    const p = natsim(['serve', 'turn', '--listen', '127.0.0.1:36403', '--realm', 'sim.test', '--user', 'alice:secret', '--relay-ports', '36430-36439', '--no-legacy-channels', '--allow-peer', '127.0.0.1']);
    closers.push(() => p.child.kill('SIGKILL'));
    await p.waitFor(/ turn-server listening /, 30_000);
    const client = await allocatedOn(36403);
    expect((await client.call(channelBind(0x6999, 36450))).get('ERROR-CODE')?.code).to.equal(400);
    await p.waitFor(/channel number 0x6999 is outside 0x4000-0x4FFF/);
    expect((await client.call(channelBind(0x4001, 36450))).class).to.equal('success');
  });

  it('refuses 0x8000 with 400 even with legacyChannelNumbers (never a channel number)', async () => {
    const { client, lines } = await allocated(36402);
    const refused = await client.call(channelBind(0x8000, 36450));
    expect(refused.get('ERROR-CODE')?.code).to.equal(400);
    expect(lines.join('\n')).to.match(/channel number 0x8000 is outside 0x4000-0x7FFF/);
  });
});
