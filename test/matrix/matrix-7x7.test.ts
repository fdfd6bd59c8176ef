/**
 * The whole 7 × 7 connectivity matrix (libwebrtc's kMatrix, UDP): with TURN, a relay exactly for the five
 * port-restricted/symmetric-like combinations in either order and direct everywhere else; without TURN, those
 * cells fail and say why.
 */
import { expect } from 'chai';
import { expectedOutcome, MATRIX_NATS, matrixJson, matrixMarkdown, matrixText, runCell, runMatrix, type MatrixNat, type MatrixResult } from '../../src/matrix';

describe('connectivity matrix 7 x 7', () => {
  let withTurn: MatrixResult;
  let withoutTurn: MatrixResult;
  before(() => {
    withTurn = runMatrix({ turn: true });
    withoutTurn = runMatrix({ turn: false });
  });

  it('runs all 49 ordered pairs, row-major', () => {
    expect(withTurn.cells).to.have.length(49);
    expect(withTurn.cells.map((c) => `${c.a}|${c.b}`)).to.deep.equal(MATRIX_NATS.flatMap((a) => MATRIX_NATS.map((b) => `${a}|${b}`)));
  });

  it('with TURN: relay exactly for the port-restricted/symmetric-like cells, direct for every other', () => {
    const got = withTurn.cells.map((c) => `${c.a} vs ${c.b}: ${c.outcome}`);
    const want = withTurn.cells.map((c) => `${c.a} vs ${c.b}: ${expectedOutcome(c.a as MatrixNat, c.b as MatrixNat, true)}`);
    expect(got).to.deep.equal(want);
    expect(withTurn.cells.filter((c) => c.outcome === 'relay')).to.have.length(8);
  });

  it('without TURN: the relay cells fail, naming the missing relay and the filtering NAT', () => {
    const got = withoutTurn.cells.map((c) => `${c.a} vs ${c.b}: ${c.outcome}`);
    const want = withoutTurn.cells.map((c) => `${c.a} vs ${c.b}: ${expectedOutcome(c.a as MatrixNat, c.b as MatrixNat, false)}`);
    expect(got).to.deep.equal(want);
    for (const c of withoutTurn.cells.filter((x) => x.outcome === 'failed')) {
      expect(c.reason, `${c.a} vs ${c.b}`).to.match(/no relayed candidate on either side/);
      expect(c.reason, `${c.a} vs ${c.b}`).to.match(/nat-filtered: address-and-port-dependent filtering/);
      expect([c.localType, c.remoteType, c.connectMs]).to.deep.equal([null, null, null]);
    }
  });

  it('reports candidate types that fit each outcome', () => {
    for (const c of withTurn.cells) {
      const types = [c.localType, c.remoteType];
      if (c.outcome === 'relay') expect(types, `${c.a} vs ${c.b}`).to.include('relay');
      else expect(types, `${c.a} vs ${c.b}`).to.not.include('relay');
      if (c.a === 'open') expect(c.localType, `${c.a} vs ${c.b}`).to.equal('host');
      if (c.b === 'open') expect(c.remoteType, `${c.a} vs ${c.b}`).to.equal('host');
      expect(c.connectMs, `${c.a} vs ${c.b}`).to.be.a('number').above(0).below(5000);
      expect(c.checks, `${c.a} vs ${c.b}`).to.be.at.least(2);
    }
  });

  it('connects restricted-cone to symmetric directly through a peer-reflexive candidate, both ways round', () => {
    const cell = (a: string, b: string) => withTurn.cells.find((c) => c.a === a && c.b === b)!;
    expect([cell('restricted-cone', 'symmetric').outcome, cell('restricted-cone', 'symmetric').remoteType]).to.deep.equal(['direct', 'prflx']);
    expect([cell('symmetric', 'restricted-cone').outcome, cell('symmetric', 'restricted-cone').localType]).to.deep.equal(['direct', 'prflx']);
  });

  it('gives the same cell twice for the same seed', () => {
    expect(runCell('symmetric', 'port-restricted-cone')).to.deep.equal(withTurn.cells[4 * 7 + 3]);
  });

  it('formats the table as text, markdown and the --json object', () => {
    expect(matrixText(withTurn)).to.match(/^a\\b +\| OPEN +\| CONE/).and.match(/49 cells: 41 direct, 8 relay, 0 failed \(TURN on\)/);
    expect(matrixMarkdown(withoutTurn)).to.match(/## Why cells failed/).and.match(/\*\*symmetric → symmetric\*\*: no candidate pair succeeded/);
    const json = matrixJson(withTurn);
    expect(json.nats).to.deep.equal([...MATRIX_NATS]);
    expect(Object.keys(json.cells[0])).to.deep.equal(['a', 'b', 'outcome', 'localType', 'remoteType', 'connectMs', 'checks']);
  });
});
