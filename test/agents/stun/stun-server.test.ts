import { expect } from 'chai';
import { StunServer } from '../../../src/agents/stun/stun-server';
import { StunServerConfigError } from '../../../src/agents/stun/errors';
import type { StunServerInit } from '../../../src/agents/stun/stun-server-config';
import type { StunServerRejectReason } from '../../../src/agents/stun/stun-server-handler';
import { World } from '../../../src/net/world';
import type { SimUdpSocket } from '../../../src/net/sim-udp-socket';
import {
  decode, encode, newTransactionId, shortTermKey, verifyFingerprint, verifyIntegrity, DecodedStunMessage, EncodeInit,
  StunMessage, StunMethod,
} from '../../../src/protocols/stun';
import { TraceRecorder } from '../../../src/sim/trace';
import { agentEvents } from './helpers';

const A1 = '198.51.100.1';
const A2 = '198.51.100.2';
const CLIENT = '198.51.100.10';

/** A server host with two addresses, a client host, and a way to send and collect responses. */
function lab(init: StunServerInit = { addresses: [A1, A2], ports: [3478, 3479] }) {
  const world = new World();
  world.network('internet', '198.51.100.0/24', { latency: 1, mtu: 9000 });
  const host = world.host('stun', { ifaces: [{ network: 'internet', ip: A1 }, { network: 'internet', ip: A2 }] });
  world.host('client', { ifaces: [{ network: 'internet', ip: CLIENT }] });
  const server = new StunServer(host.env('stun-server'), init).start();
  const rec = new TraceRecorder(world.sim.trace);
  const env = world.getHost('client').env('test');
  const got: { on: number; from: string; m: DecodedStunMessage }[] = [];
  const socket = (port: number): SimUdpSocket => {
    const s = world.getHost('client').createSocket();
    s.bind(port);
    s.on('message', (b, r) => {
      const d = decode(b);
      if (d.ok) got.push({ on: port, from: `${r.address}:${r.port}`, m: d.message });
    });
    return s;
  };
  const main = socket(5000);
  const send = (what: StunMessage | Uint8Array, to = `${A1}:3478`, opts: EncodeInit = {}): void => {
    const [ip, port] = to.split(':');
    main.send(what instanceof Uint8Array ? what : encode(what, opts), Number(port), ip);
    world.runFor(100);
  };
  const binding = (): StunMessage => StunMessage.request(StunMethod.Binding, newTransactionId(env.random));
  return { world, server, rec, got, socket, send, binding };
}

describe('STUN Binding server (RFC 8489, RFC 5780 §6)', () => {
  it('answers Test I with XOR-MAPPED-ADDRESS, MAPPED-ADDRESS, RESPONSE-ORIGIN, OTHER-ADDRESS, SOFTWARE and FINGERPRINT', () => {
    const { got, send, binding, server } = lab();
    expect(server.mode).to.equal('rfc5780');
    send(binding());
    expect(got).to.have.length(1);
    const { m, from } = got[0];
    expect(from).to.equal(`${A1}:3478`);
    expect(m.class).to.equal('success');
    expect(m.get('XOR-MAPPED-ADDRESS')).to.deep.equal({ family: 4, address: CLIENT, port: 5000 });
    expect(m.get('MAPPED-ADDRESS')).to.deep.equal({ family: 4, address: CLIENT, port: 5000 });
    expect(m.get('RESPONSE-ORIGIN')).to.deep.equal({ family: 4, address: A1, port: 3478 });
    expect(m.get('OTHER-ADDRESS')).to.deep.equal({ family: 4, address: A2, port: 3479 });
    expect(m.get('SOFTWARE')).to.equal('natsim');
    expect(verifyFingerprint(m)).to.equal(true);
    expect(server.stats.success).to.equal(1);
  });

  const table: [string, string, { changeIp: boolean; changePort: boolean } | undefined, string, string][] = [
    ['no flags: from where it arrived', `${A1}:3478`, undefined, `${A1}:3478`, `${A2}:3479`],
    ['change IP: from the other address, same port', `${A1}:3478`, { changeIp: true, changePort: false }, `${A2}:3478`, `${A2}:3479`],
    ['change port: same address, other port', `${A1}:3478`, { changeIp: false, changePort: true }, `${A1}:3479`, `${A2}:3479`],
    ['both: other address and other port', `${A1}:3478`, { changeIp: true, changePort: true }, `${A2}:3479`, `${A2}:3479`],
    ['both, arriving at A2:P2: from A1:P1', `${A2}:3479`, { changeIp: true, changePort: true }, `${A1}:3478`, `${A2}:3478`],
    ['change port, arriving at A2:P1', `${A2}:3478`, { changeIp: false, changePort: true }, `${A2}:3479`, `${A2}:3479`],
  ];
  for (const [story, to, change, source, other] of table) {
    it(`answers CHANGE-REQUEST per RFC 5780 §6.1 — ${story}`, () => {
      const { got, send, binding } = lab();
      const req = binding();
      if (change) req.add('CHANGE-REQUEST', change);
      send(req, to);
      expect(got.map((g) => g.from)).to.deep.equal([source]);
      expect(got[0].m.get('RESPONSE-ORIGIN')).to.deep.equal({ family: 4, address: source.split(':')[0], port: Number(source.split(':')[1]) });
      expect(got[0].m.get('OTHER-ADDRESS')).to.deep.equal({ family: 4, address: other.split(':')[0], port: Number(other.split(':')[1]) });
    });
  }

  // RFC 5780 §4.3 Test III goes to "A2:P2". coturn's turnutils_natdiscovery takes that address from the OTHER-ADDRESS
  // of the Test II response, which came from A2:P1; so from A2:P1 OTHER-ADDRESS must be A2:P2 (as coturn's server
  // sends), not §7.4's literal change-IP-and-port source A1:P2. From A1 both readings agree.
  it('names the alternate address A2 with the other port in OTHER-ADDRESS, from all four sockets (as coturn does)', () => {
    const { got, send, binding } = lab();
    for (const to of [`${A1}:3478`, `${A1}:3479`, `${A2}:3478`, `${A2}:3479`]) send(binding(), to);
    const other = got.map((g) => g.m.get('OTHER-ADDRESS'));
    expect(got.map((g) => g.from)).to.deep.equal([`${A1}:3478`, `${A1}:3479`, `${A2}:3478`, `${A2}:3479`]);
    expect(other.map((a) => `${a?.address}:${a?.port}`)).to.deep.equal([`${A2}:3479`, `${A2}:3478`, `${A2}:3479`, `${A2}:3478`]);
  });

  it('sends the response to RESPONSE-PORT at the request\'s source address (RFC 5780 §7.5)', () => {
    const { got, send, binding, socket } = lab();
    socket(6000);
    send(binding().add('RESPONSE-PORT', 6000));
    expect(got.map((g) => [g.on, g.m.get('XOR-MAPPED-ADDRESS')?.port])).to.deep.equal([[6000, 5000]]);
  });

  it('echoes PADDING as long as the request\'s, at most the configured length, and refuses PADDING with RESPONSE-PORT', () => {
    const { got, send, binding, server } = lab({ addresses: [A1, A2], ports: [3478, 3479], paddingLength: 1401 });
    send(binding().add('PADDING', new Uint8Array(2000)));
    expect((got[0].m.get('PADDING') as Uint8Array).length).to.equal(1404);
    send(binding().add('PADDING', new Uint8Array(64)));
    expect((got[1].m.get('PADDING') as Uint8Array).length).to.equal(64);
    send(binding().add('PADDING', new Uint8Array(8)).add('RESPONSE-PORT', 5000));
    expect(got[2].m.class).to.equal('error');
    expect(got[2].m.get('ERROR-CODE')?.code).to.equal(400);
    expect(server.stats.byReason['padding-with-response-port']).to.equal(1);
  });

  it('answers a 24-byte Binding with an empty PADDING with at most 4x its size, not 1.5 KB (no amplification)', () => {
    const { got, send, binding } = lab();
    const request = encode(binding().add('PADDING', new Uint8Array(0)));
    expect(request.length).to.equal(24);
    send(request);
    expect(got).to.have.length(1);
    expect(got[0].m.class).to.equal('success');
    expect(got[0].m.bytes.length).to.be.at.most(4 * request.length);
  });

  it('lists at most 16 types in the 420 to a request with thousands of unknown attributes', () => {
    const { got, send, binding } = lab();
    const m = binding();
    for (let t = 0x7000; t < 0x7000 + 2000; t++) m.addRaw(t, new Uint8Array(0));
    send(encode(m));
    expect(got[0].m.get('ERROR-CODE')?.code).to.equal(420);
    expect(got[0].m.get('UNKNOWN-ATTRIBUTES')).to.deep.equal(Array.from({ length: 16 }, (_, i) => 0x7000 + i));
    expect(got[0].m.bytes.length).to.be.below(200);
  });

  it('without a second address answers CHANGE-REQUEST with 420 and never sends OTHER-ADDRESS', () => {
    const { got, send, binding, server } = lab({ addresses: [A1], ports: [3478] });
    expect(server.mode).to.equal('basic');
    send(binding());
    expect(got[0].m.has('OTHER-ADDRESS')).to.equal(false);
    expect(got[0].m.has('MAPPED-ADDRESS')).to.equal(false);
    expect(got[0].m.get('XOR-MAPPED-ADDRESS')?.port).to.equal(5000);
    send(binding().add('CHANGE-REQUEST', { changeIp: true, changePort: false }));
    expect(got[1].m.get('ERROR-CODE')?.code).to.equal(420);
    expect(got[1].m.get('UNKNOWN-ATTRIBUTES')).to.deep.equal([0x0003]);
    expect(got[1].m.has('OTHER-ADDRESS')).to.equal(false);
    expect(server.stats.byReason['change-request-unsupported']).to.equal(1);
  });

  it('answers unknown comprehension-required attributes with 420 + UNKNOWN-ATTRIBUTES and ignores optional ones', () => {
    const { got, send, binding, rec } = lab();
    send(binding().addRaw(0x7001, new Uint8Array(4)).addRaw(0x9000, new Uint8Array(2)).addRaw(0x7002, new Uint8Array(0)));
    send(binding().addRaw(0x9000, new Uint8Array(2)));
    expect(got.map((g) => g.m.class)).to.deep.equal(['error', 'success']);
    expect(got[0].m.get('ERROR-CODE')?.code).to.equal(420);
    expect(got[0].m.get('UNKNOWN-ATTRIBUTES')).to.deep.equal([0x7001, 0x7002]);
    expect(agentEvents(rec, 'stun-server', 'rejected').map((e) => e.data)).to.deep.equal([
      { reason: 'unknown-attributes', from: `${CLIENT}:5000`, code: 420 },
    ]);
  });

  it('answers a malformed request whose header is readable with 400, and silently discards garbage', () => {
    const { got, send, binding, server, rec } = lab();
    const bad = encode(binding().addRaw(0x0020, Uint8Array.of(0, 1, 2)));
    send(bad);
    send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    send(encode(StunMessage.successResponse(binding())));
    expect(got.map((g) => [g.m.class, g.m.get('ERROR-CODE')?.code])).to.deep.equal([['error', 400]]);
    expect(server.stats.rejected).to.equal(3);
    expect(agentEvents(rec, 'stun-server', 'rejected').map((e) => e.data.reason)).to.deep.equal(['malformed', 'not-stun', 'not-a-request']);
  });

  it('answers other methods with 400, counts Binding indications, and drops a bad FINGERPRINT', () => {
    const { got, send, binding, server } = lab();
    send(StunMessage.request(StunMethod.Allocate, binding().transactionId));
    send(StunMessage.indication(StunMethod.Binding, binding().transactionId));
    const withFp = encode(binding(), { fingerprint: true });
    withFp[withFp.length - 1] ^= 0xff;
    send(withFp);
    expect(got.map((g) => [g.m.method, g.m.get('ERROR-CODE')?.code])).to.deep.equal([[StunMethod.Allocate, 400]]);
    expect(server.stats.indications).to.equal(1);
    expect(server.stats.byReason).to.include({ 'unknown-method': 1, 'bad-fingerprint': 1 });
  });

  describe('short-term authentication (RFC 8489 §9.1.3)', () => {
    const init: StunServerInit = { addresses: [A1, A2], ports: [3478, 3479], shortTermCredentials: { alice: 'wonderland' } };
    const rows: [string, (b: StunMessage) => [StunMessage, EncodeInit], number | 'success', StunServerRejectReason | undefined][] = [
      ['no USERNAME or MESSAGE-INTEGRITY: 400', (m) => [m, {}], 400, 'missing-credentials'],
      ['USERNAME without MESSAGE-INTEGRITY: 400', (m) => [m.add('USERNAME', 'alice'), {}], 400, 'missing-credentials'],
      ['unknown USERNAME: 401', (m) => [m.add('USERNAME', 'mallory'), { integrity: { key: shortTermKey('x') } }], 401, 'unknown-username'],
      ['bad MESSAGE-INTEGRITY: 401', (m) => [m.add('USERNAME', 'alice'), { integrity: { key: shortTermKey('guess') } }], 401, 'bad-integrity'],
      ['good credentials: signed success', (m) => [m.add('USERNAME', 'alice'), { integrity: { key: shortTermKey('wonderland') } }], 'success', undefined],
    ];
    for (const [story, build, expected, reason] of rows) {
      it(story, () => {
        const { got, send, binding, server } = lab(init);
        const [msg, opts] = build(binding());
        send(msg, `${A1}:3478`, opts);
        const m = got[0].m;
        if (expected === 'success') {
          expect(m.class).to.equal('success');
          expect(verifyIntegrity(m, shortTermKey('wonderland'))).to.equal(true);
        } else {
          expect(m.get('ERROR-CODE')?.code).to.equal(expected);
          expect(m.has('MESSAGE-INTEGRITY')).to.equal(false);
          expect(server.stats.byReason[reason!]).to.equal(1);
        }
      });
    }
  });

  it('refuses addresses the host does not have, and bad ports, with named errors', () => {
    const world = new World();
    world.network('n', '10.0.0.0/24');
    const env = world.host('h', { ifaces: [{ network: 'n', ip: '10.0.0.1' }] }).env('s');
    expect(() => new StunServer(env, { addresses: ['10.0.0.9'] })).to.throw(StunServerConfigError, /addresses\[0\].*addresses of this host \(10\.0\.0\.1\)/);
    expect(() => new StunServer(env, { ports: [3478, 70000] })).to.throw(StunServerConfigError, /ports\[1\]/);
    expect(() => new StunServer(env, { ports: [3478, 3478] })).to.throw(StunServerConfigError, /equal/);
  });
});
