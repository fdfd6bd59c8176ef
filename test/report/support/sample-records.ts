/** Hand-built run records for the report tests and the documentation screenshot. */
import { statsFromEvents } from '../../../src/report/build-run-record';
import type { RunRecord, TopologyInfo } from '../../../src/report/run-record';
import { RFC5769_REQUEST, RFC5769_RESPONSE, channelData, errorCode, stunMessage, xorAddress } from './stun-bytes';
import { Step, TraceBuilder } from './trace-builder';

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));

/** alice behind NAT `home`, a router `core`, a STUN server on a second public network. */
export const SMALL_TOPOLOGY: TopologyInfo = {
  networks: [
    { name: 'lan', cidr: '192.168.1.0/24' },
    { name: 'isp', cidr: '203.0.113.0/24' },
    { name: 'dc', cidr: '198.51.100.0/24' },
  ],
  nodes: [
    { name: 'alice', kind: 'host', ifaces: [{ name: 'eth0', ip: '192.168.1.10', network: 'lan' }] },
    {
      name: 'home', kind: 'nat', detail: 'port-restricted-cone',
      ifaces: [{ name: 'lan', ip: '192.168.1.1', network: 'lan', role: 'inside' }, { name: 'wan', ip: '203.0.113.10', network: 'isp', role: 'outside' }],
    },
    { name: 'core', kind: 'router', ifaces: [{ name: 'eth0', ip: '203.0.113.1', network: 'isp' }, { name: 'eth1', ip: '198.51.100.254', network: 'dc' }] },
    { name: 'stun', kind: 'stun-server', ifaces: [{ name: 'eth0', ip: '198.51.100.1', network: 'dc' }] },
  ],
};

const OUT: Step[] = [
  { link: 'lan', iface: 'alice/eth0', ms: 1 },
  { nat: 'home', direction: 'outbound', src: '203.0.113.10:40000' },
  { link: 'isp', iface: 'home/wan', ms: 5 },
  { router: 'core' },
  { link: 'dc', iface: 'core/eth1', ms: 1 },
];
const BACK: Step[] = [
  { link: 'dc', iface: 'stun/eth0', ms: 1 },
  { router: 'core' },
  { link: 'isp', iface: 'core/eth0', ms: 5 },
];

/** A small run: a Binding exchange (RFC 5769 bytes), an unsolicited packet filtered by the NAT, a lost packet. */
export function smallRecord(): RunRecord {
  const b = new TraceBuilder();
  const first: Step[] = [OUT[0], { ...OUT[1], map: { lifeMs: 30000 } } as Step, ...OUT.slice(2), { deliver: 'stun' }];
  b.packet(0, 'alice', '192.168.1.10:5000', '198.51.100.1:3478', RFC5769_REQUEST, first);
  b.packet(7000, 'stun', '198.51.100.1:3478', '203.0.113.10:40000', RFC5769_RESPONSE, [
    ...BACK, { nat: 'home', direction: 'inbound', dst: '192.168.1.10:5000' }, { link: 'lan', iface: 'home/lan', ms: 1 }, { deliver: 'alice' },
  ]);
  b.add({ kind: 'mapping-refreshed', t: 13000, node: 'home', internal: '192.168.1.10:5000', external: '203.0.113.10:40000', expiresAt: 43_000_000 });
  b.add({ kind: 'agent', t: 14000, node: 'alice', agent: 'stun-client', event: 'mapped', data: { mapped: '203.0.113.10:40000' } });
  b.packet(20000, 'stun', '198.51.100.1:3479', '203.0.113.10:40000', text('hello'), [
    ...BACK, { drop: 'home', reason: 'nat-filtered', detail: 'address-and-port-dependent filtering' },
  ]);
  b.packet(30000, 'alice', '192.168.1.10:5000', '198.51.100.1:3478', stunMessage(0x0001, 2), [
    OUT[0], OUT[1], { link: 'isp', iface: 'home/wan', ms: 0 }, { drop: 'isp', reason: 'link-loss' },
  ]);
  b.add({ kind: 'mapping-expired', t: 43_000_000, node: 'home', internal: '192.168.1.10:5000', external: '203.0.113.10:40000' });
  const ev = b.sorted();
  const learned = ev.filter((e) => (e.kind === 'delivered' && e.node === 'alice') || e.kind === 'agent');
  return {
    scenario: { name: 'small-binding', description: 'Alice asks a STUN server for her public address.\n\nA stray packet is filtered.', file: 'scenarios/small.yaml', seed: 7, params: { nat: 'port-restricted-cone', loss: 0 } },
    topology: SMALL_TOPOLOGY,
    events: ev,
    expectations: [
      { name: 'alice learns 203.0.113.10:40000', passed: true, detail: 'mapped address 203.0.113.10:40000 at 14.000ms', evidence: learned },
      { name: 'stun reaches alice from port 3479', passed: false, detail: 'dropped at home: nat-filtered', evidence: ev.filter((e) => e.kind === 'dropped' && e.reason === 'nat-filtered') },
    ],
    stats: statsFromEvents(ev, 45_000_000),
  };
}

/** Two peers behind different NATs, STUN and TURN on the internet: discovery, a failed hole punch, a relay. */
export const EXAMPLE_TOPOLOGY: TopologyInfo = {
  networks: [
    { name: 'internet', cidr: '203.0.113.0/24' },
    { name: 'home-lan', cidr: '192.168.1.0/24' },
    { name: 'office-lan', cidr: '10.0.0.0/24' },
  ],
  nodes: [
    { name: 'alice', kind: 'host', ifaces: [{ name: 'eth0', ip: '192.168.1.10', network: 'home-lan' }] },
    { name: 'home', kind: 'nat', detail: 'port-restricted-cone', ifaces: [{ name: 'lan', ip: '192.168.1.1', network: 'home-lan' }, { name: 'wan', ip: '203.0.113.10', network: 'internet' }] },
    { name: 'stun', kind: 'stun-server', ifaces: [{ name: 'eth0', ip: '203.0.113.100', network: 'internet' }] },
    { name: 'turn', kind: 'turn-server', detail: 'realm sim.test', ifaces: [{ name: 'eth0', ip: '203.0.113.200', network: 'internet' }] },
    { name: 'office', kind: 'nat', detail: 'symmetric', ifaces: [{ name: 'lan', ip: '10.0.0.1', network: 'office-lan' }, { name: 'wan', ip: '203.0.113.20', network: 'internet' }] },
    { name: 'bob', kind: 'host', ifaces: [{ name: 'eth0', ip: '10.0.0.20', network: 'office-lan' }] },
  ],
};

function aOut(ext: string, map = false): Step[] {
  return [{ link: 'home-lan', iface: 'alice/eth0', ms: 2 }, { nat: 'home', direction: 'outbound', src: ext, ...(map ? { map: { lifeMs: 30000 } } : {}) },
    { link: 'internet', iface: 'home/wan', ms: 10 }];
}
function bOut(ext: string, remote?: string): Step[] {
  return [{ link: 'office-lan', iface: 'bob/eth0', ms: 2 }, { nat: 'office', direction: 'outbound', src: ext, ...(remote ? { map: { remote, lifeMs: 30000 } } : {}) },
    { link: 'internet', iface: 'office/wan', ms: 12 }];
}
function toA(server: string, int: string): Step[] {
  return [{ link: 'internet', iface: `${server}/eth0`, ms: 10 }, { nat: 'home', direction: 'inbound', dst: int }, { link: 'home-lan', iface: 'home/lan', ms: 2 }, { deliver: 'alice' }];
}
function toB(server: string, int: string): Step[] {
  return [{ link: 'internet', iface: `${server}/eth0`, ms: 12 }, { nat: 'office', direction: 'inbound', dst: int }, { link: 'office-lan', iface: 'office/lan', ms: 2 }, { deliver: 'bob' }];
}

/** The documentation example (docs/images/report-example.png). */
export function exampleRecord(): RunRecord {
  const b = new TraceBuilder();
  const A = '192.168.1.10:5000'; const AT = '192.168.1.10:5001'; const B = '10.0.0.20:6000';
  const STUN = '203.0.113.100:3478'; const TURN = '203.0.113.200:3478'; const RELAY = '203.0.113.200:49152';
  b.packet(0, 'alice', A, STUN, stunMessage(0x0001, 1), [...aOut('203.0.113.10:40000', true), { deliver: 'stun' }]);
  b.packet(12000, 'stun', STUN, '203.0.113.10:40000', stunMessage(0x0101, 1, [xorAddress(0x0020, '203.0.113.10', 40000)]), toA('stun', A));
  b.add({ kind: 'agent', t: 24000, node: 'alice', agent: 'discovery', event: 'mapped', data: { srflx: '203.0.113.10:40000' } });
  b.packet(30000, 'bob', B, STUN, stunMessage(0x0001, 2), [...bOut('203.0.113.20:51000', STUN), { deliver: 'stun' }]);
  b.packet(44000, 'stun', STUN, '203.0.113.20:51000', stunMessage(0x0101, 2, [xorAddress(0x0020, '203.0.113.20', 51000)]), toB('stun', B));
  b.packet(100000, 'alice', A, '203.0.113.20:51000', text('punch'), [...aOut('203.0.113.10:40000'), { drop: 'office', reason: 'nat-filtered', detail: 'no mapping for 203.0.113.10:40000' }]);
  b.packet(101000, 'bob', B, '203.0.113.10:40000', text('punch'), [...bOut('203.0.113.20:51001', '203.0.113.10:40000'), { drop: 'home', reason: 'nat-filtered', detail: 'alice never sent to 203.0.113.20:51001' }]);
  b.packet(200000, 'alice', AT, TURN, stunMessage(0x0003, 3), [...aOut('203.0.113.10:40001', true), { deliver: 'turn' }]);
  b.packet(212000, 'turn', TURN, '203.0.113.10:40001', stunMessage(0x0113, 3, [errorCode(401, 'Unauthorized')]), toA('turn', AT));
  b.packet(230000, 'alice', AT, TURN, stunMessage(0x0003, 4), [...aOut('203.0.113.10:40001'), { deliver: 'turn' }]);
  b.packet(242000, 'turn', TURN, '203.0.113.10:40001', stunMessage(0x0103, 4, [xorAddress(0x0016, '203.0.113.200', 49152)]), toA('turn', AT));
  b.packet(260000, 'alice', AT, TURN, stunMessage(0x0009, 5), [...aOut('203.0.113.10:40001'), { deliver: 'turn' }]);
  b.packet(272000, 'turn', TURN, '203.0.113.10:40001', stunMessage(0x0109, 5), toA('turn', AT));
  b.packet(300000, 'bob', B, RELAY, text('hi alice'), [...bOut('203.0.113.20:51002', RELAY), { deliver: 'turn' }]);
  b.packet(314000, 'turn', TURN, '203.0.113.10:40001', channelData(0x4000, text('hi alice')), toA('turn', AT));
  b.add({ kind: 'agent', t: 326000, node: 'alice', agent: 'ice', event: 'connected', data: { via: 'relay' } });
  b.packet(340000, 'alice', AT, TURN, channelData(0x4000, text('hi bob')), [...aOut('203.0.113.10:40001'), { deliver: 'turn' }]);
  b.packet(352000, 'turn', RELAY, '203.0.113.20:51002', text('hi bob'), toB('turn', B));
  b.add({ kind: 'mapping-expired', t: 32_000_000, node: 'home', internal: A, external: '203.0.113.10:40000' });
  b.add({ kind: 'mapping-expired', t: 32_030_000, node: 'office', internal: B, external: '203.0.113.20:51000', remote: STUN });
  const ev = b.sorted();
  const drops = ev.filter((e) => e.kind === 'dropped');
  const connected = ev.filter((e) => e.kind === 'agent' && e.event === 'connected');
  return {
    scenario: {
      name: 'relay-fallback',
      description: 'Alice sits behind a port-restricted cone NAT, Bob behind a symmetric NAT. Both learn their public address from STUN, ' +
        'try to punch a hole to each other and fail, because Bob\'s NAT picks a new port for every destination. ' +
        'They fall back to a TURN relay.',
      file: 'scenarios/relay-fallback.yaml', seed: 1,
    },
    topology: EXAMPLE_TOPOLOGY,
    events: ev,
    expectations: [
      { name: 'alice discovers 203.0.113.10:40000', passed: true, detail: 'srflx 203.0.113.10:40000 at 24.000ms', evidence: ev.filter((e) => e.kind === 'agent' && e.event === 'mapped') },
      { name: 'direct hole punch fails', passed: true, detail: 'both punches dropped: nat-filtered', evidence: drops },
      { name: 'alice and bob connect via relay within 1s', passed: true, detail: 'connected at 326.000ms via relay', evidence: connected },
    ],
    stats: statsFromEvents(ev, 40_000_000),
  };
}
