/**
 * A NAT makes its TCP table (RFC 5382) at the first TCP segment, not when it is built: most NATs never carry TCP,
 * and an eager table cost every NAT about 2.7 KB of heap and an 8 KB port bitmap. The table made late must be the
 * table an eager one would be by then: same settings (reconfigure patches merged in), same external address after
 * a reboot onto new ones, the same ports drawn. Each test runs one script twice, once with the TCP table made at
 * the start (reading `natTcp`) and once left to the first segment, and compares every trace event.
 */
import { expect } from 'chai';
import { eventLine } from '../../src/sim/trace-json';
import { ACK, MIN, S, SYN, SYNACK, tcpWorld } from './tcp-world';
import type { TcpWorld } from './tcp-world';

/** The trace of `script` run in a fresh world, with natA's TCP table made first when `eager`. */
function traceOf(eager: boolean, script: (t: TcpWorld) => void): { lines: string[]; madeBeforeTcp: boolean; t: TcpWorld } {
  const t = tcpWorld({ preset: 'port-restricted-cone', portAssignment: 'random' });
  if (eager) expect(t.natA.natTcp).to.not.equal(undefined);
  const madeBeforeTcp = (t.natA as unknown as { tcpTable?: unknown }).tcpTable !== undefined;
  script(t);
  return { lines: t.rec.events.map(eventLine), madeBeforeTcp, t };
}

function connect(t: TcpWorld, port: number): void {
  t.push('a', port, '198.51.100.80', 443, SYN);
  t.w.runFor(5);
  const mapped = t.natA.natTcp!.snapshot(t.w.sim.now).find((m) => m.internal === `192.168.1.20:${port}`);
  const [ip, extPort] = mapped!.external.split(':');
  t.push('server', 443, ip, Number(extPort), SYNACK);
  t.w.runFor(5);
  t.push('a', port, '198.51.100.80', 443, ACK);
  t.w.runFor(5);
}

describe('a NAT\'s TCP table, made at its first TCP segment', () => {
  it('is not made by UDP traffic, a reconfigure or a reboot', () => {
    const { madeBeforeTcp, t } = traceOf(false, (w) => {
      w.natA.reconfigure({ tcp: { establishedTimeout: 10 * MIN } });
      w.natA.reboot(['198.51.100.11']);
    });
    expect(madeBeforeTcp).to.equal(false);
    expect((t.natA as unknown as { tcpTable?: unknown }).tcpTable).to.equal(undefined);
    expect(t.natA.snapshot()).to.deep.equal([]);
  });

  it('after a reconfigure and a reboot onto a new address, traces exactly what an eager table traces', () => {
    const script = (t: TcpWorld): void => {
      t.natA.reconfigure({ tcp: { establishedTimeout: 3 * MIN, transitoryTimeout: 20 * S } });
      t.w.runFor(1_000);
      t.natA.reboot(['198.51.100.11']);
      connect(t, 5000);
      connect(t, 5001);
      t.w.runFor(4 * MIN); // both connections' mappings expire (3 min established)
      t.natA.reconfigure({ filtering: 'endpoint-independent' });
      connect(t, 5002);
      t.natA.reboot();
    };
    const eager = traceOf(true, script);
    const lazy = traceOf(false, script);
    expect(eager.madeBeforeTcp).to.equal(true);
    expect(lazy.madeBeforeTcp).to.equal(false);
    expect(lazy.lines).to.deep.equal(eager.lines);
    const kinds = lazy.t.rec.events.filter((e) => e.node === 'natA').map((e) => e.kind);
    expect(kinds.filter((k) => k === 'mapping-created')).to.have.length(3);
    expect(kinds.filter((k) => k === 'mapping-expired')).to.have.length(2);
    expect(kinds.filter((k) => k === 'mapping-flushed')).to.have.length(1);
    expect(lazy.t.natA.natTcp!.config.establishedTimeout).to.equal(3 * MIN);
    expect(lazy.t.natA.natTcp!.config.mappingTimeout).to.equal(20 * S);
    expect(lazy.t.arrivals('198.51.100.80').every((a) => a.startsWith('198.51.100.11:'))).to.equal(true);
  });
});
