/** Firewall rules by protocol and destination port, and the presets udp-blocked and tcp-443-only. */
import { expect } from 'chai';
import { Firewall, FIREWALL_PRESET_NAMES, firewallPreset, listFirewallPresets, NatConfigError } from '../../src/nat';
import { addFirewall } from '../../src/nat/add-nat';
import { Datagram } from '../../src/net/datagram';
import { formatIpv4, parseIpv4 } from '../../src/net/ipv4';
import { TCP_FLAG } from '../../src/net/tcp-header';
import { World } from '../../src/net/world';
import { TraceRecorder } from '../../src/sim/trace';
import { S, SEC, X } from './nat-helpers';

const TCP = 6;
const UDP = 17;

describe('firewall rules by protocol and port', () => {
  describe('pure core', () => {
    it('udp-blocked: drops all UDP, passes TCP to 80 and 443 only, and lets replies in through TCP pinholes', () => {
      const fw = new Firewall({ preset: 'udp-blocked' });
      expect(fw.outbound(0, X[0], X[1], S[0], 3478, UDP)).to.deep.include({ ok: false, reason: 'firewall' });
      expect(fw.outbound(0, X[0], X[1], S[0], 443, UDP).ok, 'UDP to 443').to.equal(false);
      expect(fw.outbound(0, X[0], X[1], S[0], 443, TCP).ok).to.equal(true);
      expect(fw.outbound(0, X[0], X[1], S[0], 80, TCP).ok).to.equal(true);
      expect(fw.outbound(0, X[0], X[1], S[0], 22, TCP)).to.deep.equal({ ok: false, reason: 'firewall',
        detail: 'outbound TCP to port 22 matches no allow rule (defaultOutbound: deny)' });
      expect(fw.inbound(1, X[0], X[1], S[0], 443, TCP).ok, 'reply').to.equal(true);
      expect(fw.inbound(1, X[0], X[1], S[0], 443, UDP).ok, 'UDP from the same endpoint: no UDP pinhole').to.equal(false);
      expect(fw.inbound(1, X[0], X[1], S[0], 22, TCP).ok, 'no pinhole for :22').to.equal(false);
    });

    it('tcp-443-only: passes TCP to 443, drops TCP to 80', () => {
      const fw = new Firewall({ preset: 'tcp-443-only' });
      expect(fw.outbound(0, X[0], X[1], S[0], 443, TCP).ok).to.equal(true);
      expect(fw.outbound(0, X[0], X[1], S[0], 80, TCP).ok).to.equal(false);
    });

    it('takes the first matching rule, ranges and any protocol included; names the rule in the detail', () => {
      const fw = new Firewall({ rules: [{ action: 'deny', proto: 'tcp', ports: [22] }, { action: 'allow', ports: ['8000-8100'] },
        { action: 'deny', proto: 'udp' }] });
      expect(fw.outbound(0, X[0], X[1], S[0], 22, TCP)).to.deep.equal({ ok: false, reason: 'firewall', detail: 'outbound denied by rule 1 (deny tcp 22)' });
      expect(fw.outbound(0, X[0], X[1], S[0], 8050, UDP).ok).to.equal(true);
      expect(fw.outbound(0, X[0], X[1], S[0], 8101, UDP).ok).to.equal(false);
      expect(fw.outbound(0, X[0], X[1], S[0], 8101, TCP).ok, 'default allow').to.equal(true);
    });

    it('keeps TCP pinholes for tcpTimeout (2 h 4 min by default), refreshed by inbound segments too', () => {
      const fw = new Firewall({ timeout: 30_000 });
      fw.outbound(0, X[0], X[1], S[0], 443, TCP);
      expect(fw.nextExpiry()).to.equal(7440 * SEC);
      fw.inbound(100 * SEC, X[0], X[1], S[0], 443, TCP);
      expect(fw.snapshot(100 * SEC)).to.deep.equal([{ inside: '10.0.0.2:5000', remote: '198.51.100.1:443', createdAt: 0,
        lastRefresh: 100 * SEC, expiresAt: 7540 * SEC, timeLeft: 7440 * SEC, proto: 'tcp' }]);
    });

    it('lists its presets and rejects unknown ones with the valid names', () => {
      expect(listFirewallPresets().map((p) => p.name)).to.deep.equal([...FIREWALL_PRESET_NAMES]);
      expect(firewallPreset('udp-blocked').init.defaultOutbound).to.equal('deny');
      expect(() => firewallPreset('corp', 'matrix --firewall')).to.throw(NatConfigError, /matrix --firewall: unknown firewall preset 'corp'/);
    });
  });

  describe('in a world', () => {
    /** client 10.1.0.10 - fw (10.1.0.1 / 203.0.113.30) - internet - server 203.0.113.5. */
    function world(preset: 'udp-blocked' | 'tcp-443-only') {
      const w = new World({ seed: 3 });
      w.network('office', '10.1.0.0/24', { latency: 1 });
      w.network('internet', '203.0.113.0/24', { latency: 1 });
      addFirewall(w, 'fw', { settings: { preset }, outside: { network: 'internet', ip: '203.0.113.30' }, inside: [{ network: 'office', ip: '10.1.0.1' }] });
      w.host('client', { ifaces: [{ network: 'office', ip: '10.1.0.10' }], gateway: '10.1.0.1' });
      w.host('server', { ifaces: [{ network: 'internet', ip: '203.0.113.5' }], gateway: '203.0.113.30' });
      // Asleep: their TCP stacks answer nothing, so only the firewall's verdicts are seen (wake one to use UDP).
      w.getHost('client').sleep();
      w.getHost('server').sleep();
      const rec = new TraceRecorder(w.sim.trace);
      const tcp = (from: string, src: string, sport: number, dst: string, dport: number, flags: number, via: string) => {
        const pkt = new Datagram(w.sim.packetId(), parseIpv4(src), sport, parseIpv4(dst), dport, 64, Buffer.alloc(0), false, TCP,
          { seq: 1, ack: 0, flags, window: 1000 });
        w.getHost(from).ifaces[0].transmit(pkt, parseIpv4(via));
      };
      const passed = () => rec.ofKind('forwarded').filter((e) => e.node === 'fw' && !e.pkt.icmp)
        .map((e) => `${e.pkt.tcp ? 'tcp' : 'udp'} ${formatIpv4(e.pkt.src)}>${formatIpv4(e.pkt.dst)}:${e.pkt.dstPort}`);
      const dropped = () => rec.ofKind('dropped').filter((e) => e.node === 'fw').map((e) => `${e.reason} ${e.pkt.tcp ? 'tcp' : 'udp'} :${e.pkt.dstPort}`);
      return { w, tcp, passed, dropped };
    }

    it('udp-blocked drops UDP (reason firewall), passes TCP 443 and its reply, drops TCP 22', () => {
      const t = world('udp-blocked');
      t.w.getHost('client').wake();
      t.w.getHost('client').createSocket().bind(5000).send(Buffer.from('stun'), 3478, '203.0.113.5');
      t.w.getHost('client').sleep();
      t.tcp('client', '10.1.0.10', 5001, '203.0.113.5', 443, TCP_FLAG.SYN, '10.1.0.1');
      t.tcp('client', '10.1.0.10', 5002, '203.0.113.5', 22, TCP_FLAG.SYN, '10.1.0.1');
      t.w.runFor(5);
      t.tcp('server', '203.0.113.5', 443, '10.1.0.10', 5001, TCP_FLAG.SYN | TCP_FLAG.ACK, '203.0.113.30');
      t.tcp('server', '203.0.113.5', 22, '10.1.0.10', 5002, TCP_FLAG.SYN | TCP_FLAG.ACK, '203.0.113.30');
      t.w.runFor(5);
      expect(t.passed()).to.deep.equal(['tcp 10.1.0.10>203.0.113.5:443', 'tcp 203.0.113.5>10.1.0.10:5001']);
      expect(t.dropped()).to.deep.equal(['firewall udp :3478', 'firewall tcp :22', 'firewall tcp :5002']);
    });

    it('tcp-443-only drops TCP to 80', () => {
      const t = world('tcp-443-only');
      t.tcp('client', '10.1.0.10', 5001, '203.0.113.5', 80, TCP_FLAG.SYN, '10.1.0.1');
      t.tcp('client', '10.1.0.10', 5002, '203.0.113.5', 443, TCP_FLAG.SYN, '10.1.0.1');
      t.w.runFor(5);
      expect(t.dropped()).to.deep.equal(['firewall tcp :80']);
      expect(t.passed()).to.deep.equal(['tcp 10.1.0.10>203.0.113.5:443']);
    });
  });
});
