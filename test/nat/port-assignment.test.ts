/** Port assignment (RFC 4787 §4.2): preservation and its fallback, sequential, random, parity, exhaustion. */
import { expect } from 'chai';
import { NatTable } from '../../src/nat';
import { Ep, P, S, SEC, X, Y, ep, send, table } from './nat-helpers';

const APDM = 'address-and-port-dependent';

/** `n` remotes 203.0.113.9:7000, :7001, ... */
function remotes(n: number): Ep[] {
  return Array.from({ length: n }, (_, i) => [P[0], 7000 + i] as Ep);
}

/** The external ports a symmetric (APDM) table assigns for X = 10.0.0.2:port sending to `n` remotes. */
function symmetricPorts(t: NatTable, n: number, internalPort = 5000): number[] {
  return remotes(n).map((r) => send(t, 0, ep(`10.0.0.2:${internalPort}`), r));
}

describe('port assignment', () => {
  describe('preserve (RFC 4787 §4.2.1 port preservation)', () => {
    it('keeps the internal port when it is free', () => {
      expect(send(table(), 0, ep('10.0.0.2:5000'), S)).to.equal(5000);
    });

    it('falls back to a random port of the same parity when another host holds the port', () => {
      const t = table();
      expect(send(t, 0, ep('10.0.0.2:5000'), S)).to.equal(5000);
      const second = send(t, 0, ep('10.0.0.3:5000'), S);
      expect(second).to.not.equal(5000);
      expect(second).to.be.within(1024, 65535);
      expect(second % 2).to.equal(0);
      // reproducible: the fallback draws from the seeded stream
      const again = table();
      send(again, 0, ep('10.0.0.2:5000'), S);
      expect(send(again, 0, ep('10.0.0.3:5000'), S)).to.equal(second);
    });

    it('falls back when the internal port lies outside the port range', () => {
      const port = send(table({ portRange: [20000, 20099] }), 0, ep('10.0.0.2:53'), S);
      expect(port).to.be.within(20000, 20099);
      expect(port % 2).to.equal(1);
    });
  });

  describe('sequential', () => {
    it('assigns the range start, then every step-th port, wrapping past the end', () => {
      const t = table({ mapping: APDM, portAssignment: 'sequential', sequentialStep: 3, portRange: [20000, 20010],
        parity: false });
      expect(symmetricPorts(t, 5)).to.deep.equal([20000, 20003, 20006, 20009, 20001]);
    });

    it('moves to the next port of the right parity when parity is kept', () => {
      const t = table({ mapping: APDM, portAssignment: 'sequential', portRange: [20000, 20010] });
      expect(symmetricPorts(t, 3, 5000)).to.deep.equal([20000, 20002, 20004]);
      expect(send(t, 0, ep('10.0.0.2:5001'), S)).to.equal(20005);
    });

    it('skips ports another mapping holds', () => {
      const t = table({ portRange: [20000, 20005], parity: false });
      expect(send(t, 0, ep('10.0.0.5:20002'), S)).to.equal(20002); // preserved
      t.reconfigure({ portAssignment: 'sequential' });
      const ports = ['10.0.0.6:1', '10.0.0.7:1', '10.0.0.8:1'].map((h) => send(t, 0, ep(h), S));
      expect(ports).to.deep.equal([20000, 20001, 20003]);
    });
  });

  describe('random', () => {
    const settings = { mapping: APDM, portAssignment: 'random', parity: false } as const;

    it('is reproducible under a seed', () => {
      expect(symmetricPorts(table(settings, 7), 8)).to.deep.equal(symmetricPorts(table(settings, 7), 8));
    });

    it('differs under another seed', () => {
      expect(symmetricPorts(table(settings, 7), 8)).to.not.deep.equal(symmetricPorts(table(settings, 8), 8));
    });

    it('stays within the range and never gives one port to two mappings (REQ-3)', () => {
      const ports = symmetricPorts(table({ ...settings, portRange: [30000, 30063] }), 64);
      expect(new Set(ports).size).to.equal(64);
      for (const p of ports) expect(p).to.be.within(30000, 30063);
    });
  });

  describe('parity (RFC 4787 §4.2.2 REQ-4)', () => {
    it('gives odd internal ports odd external ports and even ones even', () => {
      const t = table({ mapping: APDM, portAssignment: 'random' });
      for (const p of symmetricPorts(t, 20, 5001)) expect(p % 2).to.equal(1);
      for (const p of symmetricPorts(t, 20, 6000)) expect(p % 2).to.equal(0);
    });

    it('mixes parities when parity preservation is off', () => {
      const ports = symmetricPorts(table({ mapping: APDM, portAssignment: 'random', parity: false }), 40, 5001);
      expect(new Set(ports.map((p) => p % 2))).to.deep.equal(new Set([0, 1]));
    });
  });

  describe('exhaustion', () => {
    it("returns 'nat-port-exhausted' when every port in the range is held, and recovers when one expires", () => {
      const t = table({ mapping: APDM, portAssignment: 'random', portRange: [40000, 40003], parity: false,
        mappingTimeout: 10_000 });
      expect(symmetricPorts(t, 4).sort()).to.deep.equal([40000, 40001, 40002, 40003]);
      expect(t.outbound(0, X[0], X[1], P[0], 8000)).to.deep.equal({ ok: false, reason: 'nat-port-exhausted' });
      send(t, 5 * SEC, ep('10.0.0.2:5000'), [P[0], 7000]); // keeps one mapping alive
      expect(t.expire(10 * SEC)).to.have.length(3);
      expect(t.outbound(10 * SEC, X[0], X[1], P[0], 8000).ok).to.equal(true);
    });

    it('exhausts one parity while the other still has ports', () => {
      const t = table({ mapping: APDM, portRange: [40000, 40003] });
      symmetricPorts(t, 2, 5000); // 40000, 40002 (even)
      expect(t.outbound(0, X[0], X[1], P[0], 9000).ok).to.equal(false);
      expect(t.outbound(0, X[0], 5001, P[0], 9000).ok).to.equal(true);
    });

    it('enforces the per-internal-IP port quota (RFC 6888 REQ-4)', () => {
      const t = table({ mapping: APDM, portQuota: 2 });
      symmetricPorts(t, 2);
      expect(t.outbound(0, X[0], X[1], P[0], 9000)).to.deep.equal({ ok: false, reason: 'nat-port-exhausted' });
      expect(t.outbound(0, Y[0], 5000, P[0], 9000).ok).to.equal(true);
    });

    it('holds an expired port for portReuseDelay before reusing it (RFC 6888 REQ-8)', () => {
      const t = table({ portRange: [40000, 40000], parity: false, mappingTimeout: 1000, portReuseDelay: 120_000 });
      expect(send(t, 0, ep('10.0.0.2:5000'), S)).to.equal(40000);
      expect(t.expire(SEC)).to.have.length(1);
      expect(t.outbound(60 * SEC, Y[0], 5000, S[0], S[1]).ok).to.equal(false);
      expect(send(t, 121 * SEC, ep('10.0.0.3:5000'), S)).to.equal(40000);
    });
  });
});
