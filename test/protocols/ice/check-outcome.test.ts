import { expect } from 'chai';
import { pairPriority, type PlannedCheck } from '../../../src/protocols/ice';
import { at, effectsOf, host, sessionWith, srflx, states } from './fixtures';

const LOCAL = host('10.0.0.1', 5000);
const REMOTE = host('10.1.0.1', 7000);

/** A started one-pair session and its first check. */
function firstCheck(locals = [LOCAL], remotes = [REMOTE], role: 'controlling' | 'controlled' = 'controlling') {
  const ctx = sessionWith(locals, remotes, { role });
  ctx.session.start();
  const check = ctx.session.nextCheck(100) as PlannedCheck;
  return { ...ctx, check };
}

/** A symmetric success response to `check` with the given mapped address. */
function symmetric(check: PlannedCheck, mapped = check.from) {
  return { source: check.to, destination: check.from, mappedAddress: mapped };
}

describe('ice check success (RFC 8445 §7.2.5.3)', () => {
  it('makes the checked pair valid when the mapped address is its own local candidate (case 1)', () => {
    const { session, list, check } = firstCheck();
    const out = session.onCheckSuccess(check.checkId, symmetric(check), 130);
    expect(out.validPair).to.equal(check.pair);
    expect(out.validPair).to.deep.include({ state: 'Succeeded', valid: true, nominated: false, rttMs: 30 });
    expect(list.validPairs().map((p) => p.id)).to.deep.equal([check.pair.id]);
    expect(effectsOf(out.effects, 'valid-pair')).to.have.length(1);
  });

  it('learns a local peer-reflexive candidate from an unknown mapped address, with the PRIORITY sent (§7.2.5.3.1)', () => {
    const { session, list, check } = firstCheck();
    const out = session.onCheckSuccess(check.checkId, symmetric(check, at('203.0.113.7', 41000)), 150);
    const learned = effectsOf(out.effects, 'local-candidate-learned').map((e) => e.candidate);
    expect(learned).to.have.length(1);
    expect(learned[0]).to.deep.include({ type: 'prflx', address: '203.0.113.7', port: 41000, baseAddress: '10.0.0.1', basePort: 5000, priority: check.priority });
    expect(list.localCandidates()).to.have.length(2);
    // Case 3: the valid pair is not on the checklist; its priority comes from the prflx priority and the remote's.
    expect(out.validPair).to.deep.include({ inChecklist: false, state: 'Succeeded', priority: pairPriority(check.priority, REMOTE.priority) });
    expect(out.validPair?.local.type).to.equal('prflx');
    expect(check.pair.state).to.equal('Succeeded');
    expect(check.pair.valid).to.equal(false);
  });

  it('builds the valid pair on a known srflx candidate without learning a new one', () => {
    const s = srflx('203.0.113.1', 6000, '10.0.0.1', 5000);
    const { session, check } = firstCheck([LOCAL, s]);
    const out = session.onCheckSuccess(check.checkId, symmetric(check, at('203.0.113.1', 6000)), 150);
    expect(effectsOf(out.effects, 'local-candidate-learned')).to.deep.equal([]);
    expect(out.validPair?.local).to.equal(s);
    expect(out.validPair?.priority).to.equal(pairPriority(s.priority, REMOTE.priority));
  });

  it('puts another checklist pair on the valid list when the mapped address is its local candidate (case 2)', () => {
    const publicHost = host('203.0.113.9', 6000, 1, 1);
    const { session, list, check } = firstCheck([LOCAL, publicHost]);
    expect(check.from).to.deep.equal(at('10.0.0.1', 5000));
    const out = session.onCheckSuccess(check.checkId, symmetric(check, at('203.0.113.9', 6000)), 150);
    expect(out.validPair?.local).to.equal(publicHost);
    expect(out.validPair?.inChecklist).to.equal(true);
    expect(states(list)).to.deep.equal(['10.0.0.1:5000->10.1.0.1:7000=Succeeded', '203.0.113.9:6000->10.1.0.1:7000=Succeeded']);
    expect(list.validPairs().map((p) => p.local.address)).to.deep.equal(['203.0.113.9']);
  });

  it('treats a repeated success as idempotent', () => {
    const { session, list, check } = firstCheck();
    session.onCheckSuccess(check.checkId, symmetric(check), 130);
    expect(session.onCheckSuccess(check.checkId, symmetric(check), 140).ignored).to.equal('unknown-check');
    expect(list.validPairs()).to.have.length(1);
  });
});

describe('ice check failure (RFC 8445 §7.2.5.2)', () => {
  const asymmetric: Array<[string, (c: PlannedCheck) => { source: { address: string; port: number }; destination: { address: string; port: number } }]> = [
    ['the response comes from another port', (c) => ({ source: at(c.to.address, c.to.port + 1), destination: c.from })],
    ['the response arrives on another local address', (c) => ({ source: c.to, destination: at('10.0.0.99', 5000) })],
  ];
  for (const [story, addrs] of asymmetric) {
    it(`fails the pair when ${story} (§7.2.5.2.1)`, () => {
      const { session, list, check } = firstCheck();
      const out = session.onCheckSuccess(check.checkId, { ...addrs(check), mappedAddress: check.from }, 150);
      expect(effectsOf(out.effects, 'check-failed').map((e) => e.reason)).to.deep.equal(['non-symmetric']);
      expect(check.pair.state).to.equal('Failed');
      expect(list.validPairs()).to.deep.equal([]);
    });
  }

  it('fails the pair on timeout without touching other pairs of its foundation', () => {
    const { session, list, check } = firstCheck([LOCAL], [REMOTE, host('10.1.0.1', 7001)]);
    const out = session.onCheckFailure(check.checkId, 'timeout');
    expect(effectsOf(out.effects, 'pair-state').map((e) => `${e.pair.remote.port}:${e.to}`)).to.deep.equal(['7000:Failed']);
    expect(states(list)).to.include('10.0.0.1:5000->10.1.0.1:7001=Frozen');
  });

  it('fails the checklist once every pair failed and a component has no valid pair (§7.2.5.4)', () => {
    const { session, list, check } = firstCheck();
    const out = session.onCheckFailure(check.checkId, 'error-response');
    expect(effectsOf(out.effects, 'checklist-state').map((e) => e.to)).to.deep.equal(['Failed']);
    expect(list.state).to.equal('Failed');
    expect(session.state).to.equal('Failed');
  });

  it('with trickle, waits for end-of-candidates on both sides before failing the checklist (RFC 8838)', () => {
    const { session, list } = sessionWith([LOCAL], [REMOTE], { init: { trickle: true } });
    session.start();
    const check = session.nextCheck(0) as PlannedCheck;
    session.onCheckFailure(check.checkId, 'timeout');
    expect(list.state).to.equal('Running');
    expect(list.endOfRemoteCandidates()).to.deep.equal([]);
    expect(effectsOf(list.endOfLocalCandidates(), 'checklist-state').map((e) => e.to)).to.deep.equal(['Failed']);
  });

  it('ignores the timeout of a check cancelled by a triggered re-check (§7.3.1.4)', () => {
    const { session, list, check } = firstCheck();
    const decision = list.onRequest({ local: check.from, source: check.to, priority: 1, useCandidate: false });
    expect(effectsOf(decision.effects, 'cancel-check').map((e) => e.checkId)).to.deep.equal([check.checkId]);
    expect(session.onCheckFailure(check.checkId, 'timeout').ignored).to.equal('cancelled');
    expect(check.pair.state).to.equal('Waiting');
  });

  it('still accepts a late success of a cancelled check', () => {
    const { session, list, check } = firstCheck();
    list.onRequest({ local: check.from, source: check.to, priority: 1, useCandidate: false });
    const out = session.onCheckSuccess(check.checkId, symmetric(check), 900);
    expect(out.validPair?.state).to.equal('Succeeded');
    // The queued re-check is dropped: the pair already succeeded.
    expect(session.nextCheck(950)).to.equal(undefined);
  });
});

describe('ice 487 role conflict response (RFC 8445 §7.2.5.1)', () => {
  it('switches role, changes the tie-breaker, recomputes priorities and re-queues the pair', () => {
    const { session, list, check } = firstCheck([LOCAL], [srflx('203.0.113.1', 6000, '10.1.0.1', 7000)]);
    const before = check.pair.priority;
    const out = session.onRoleConflict(check.checkId, 555n);
    expect(effectsOf(out.effects, 'role-changed')).to.deep.equal([{ kind: 'role-changed', from: 'controlling', to: 'controlled', tieBreaker: 555n }]);
    expect(session.role).to.equal('controlled');
    expect(session.tieBreaker).to.equal(555n);
    expect(check.pair.priority).not.to.equal(before);
    expect(list.triggeredQueue().map((p) => p.id)).to.deep.equal([check.pair.id]);
    const retry = session.nextCheck(200) as PlannedCheck;
    expect(retry).to.deep.include({ triggered: true, role: 'controlled', roleAttribute: 'ICE-CONTROLLED', tieBreaker: 555n });
  });

  it('does not switch back when the role already changed since the check was sent', () => {
    const { session, list, check } = firstCheck();
    list.onRequest({ local: check.from, source: check.to, priority: 1, useCandidate: false, role: { attr: 'ICE-CONTROLLING', tieBreaker: 2n ** 63n } });
    expect(session.role).to.equal('controlled');
    const out = session.onRoleConflict(check.checkId, 9n);
    expect(effectsOf(out.effects, 'role-changed')).to.deep.equal([]);
    expect(session.tieBreaker).to.equal(1000n);
  });
});
