/**
 * The 9 × 9 matrix of every RFC 4787 mapping × filtering combination on each side, as a regression test of the
 * rule docs/connectivity-matrix.md explains (expected.ts behaviorDirect).
 */
import { expect } from 'chai';
import { behaviorDirect, BEHAVIOR_NATS, runMatrix } from '../../src/matrix';

describe('connectivity matrix 9 x 9 (mapping x filtering)', () => {
  it('with TURN: direct exactly where behaviorDirect says, relay elsewhere', () => {
    const r = runMatrix({ nats: BEHAVIOR_NATS, turn: true });
    expect(r.cells).to.have.length(81);
    const got = r.cells.map((c) => `${c.a} vs ${c.b}: ${c.outcome}`);
    const want = r.cells.map((c) => `${c.a} vs ${c.b}: ${behaviorDirect(c.a, c.b) ? 'direct' : 'relay'}`);
    expect(got).to.deep.equal(want);
  });

  it('counts 42 direct cells: 9 EIM/EIM, 24 with one EIM side not filtering by port, 9 dependent/dependent', () => {
    const direct = BEHAVIOR_NATS.flatMap((a) => BEHAVIOR_NATS.filter((b) => behaviorDirect(a, b)).map((b) => [a, b]));
    expect(direct).to.have.length(42);
    const eim = (n: string) => n.startsWith('eim');
    expect(direct.filter(([a, b]) => eim(a) && eim(b))).to.have.length(9);
    expect(direct.filter(([a, b]) => eim(a) !== eim(b))).to.have.length(24);
    expect(direct.filter(([a, b]) => !eim(a) && !eim(b))).to.have.length(9);
  });

  it('is symmetric: swapping the controlling side never changes whether a cell is direct', () => {
    for (const a of BEHAVIOR_NATS) for (const b of BEHAVIOR_NATS) expect(behaviorDirect(a, b), `${a} vs ${b}`).to.equal(behaviorDirect(b, a));
  });

  it('without TURN: every non-direct cell fails', () => {
    const nats = ['eim-apdf', 'adm-eif', 'apdm-eif', 'apdm-apdf'];
    const r = runMatrix({ nats, turn: false });
    for (const c of r.cells) expect(c.outcome, `${c.a} vs ${c.b}`).to.equal(behaviorDirect(c.a, c.b) ? 'direct' : 'failed');
  });
});
