import { expect } from 'chai';
import { IceSession, IceUsageError, pairPriorityForRole, peerReflexivePriority, type PlannedCheck } from '../../../src/protocols/ice';
import { at, host, sessionWith } from './fixtures';

describe('ice session (RFC 8445 checklist set)', () => {
  const bad: Array<[string, () => unknown, string]> = [
    ['an unknown role', () => new IceSession('boss' as never, 1n), 'IceSession(role)'],
    ['a negative tie-breaker', () => new IceSession('controlling', -1n), 'IceSession(tieBreaker)'],
    ['a tie-breaker beyond 64 bits', () => new IceSession('controlling', 1n << 64n), 'IceSession(tieBreaker)'],
    ['a zero Ta', () => new IceSession('controlling', 1n, { ta: 0 }), 'IceSessionInit.ta'],
    ['a zero pair limit', () => new IceSession('controlling', 1n, { pairLimit: 0 }), 'IceSessionInit.pairLimit'],
    ['type preferences with prflx below srflx', () => new IceSession('controlling', 1n, { typePreferences: { host: 126, prflx: 1, srflx: 100, relay: 0 } }), 'prflx'],
  ];
  for (const [story, fn, where] of bad) {
    it(`rejects ${story}`, () => {
      expect(fn).to.throw(IceUsageError, where);
    });
  }

  it('names streams by index unless given, refuses duplicates and reports unknown ones', () => {
    const s = new IceSession('controlling', 1n);
    expect(s.addStream().streamId).to.equal('0');
    expect(s.addStream({ id: 'video', components: 2 }).componentCount).to.equal(2);
    expect(() => s.addStream({ id: 'video' })).to.throw(IceUsageError, 'already exists');
    expect(() => s.addStream({ components: 0 })).to.throw(IceUsageError, 'addStream(components)');
    expect(() => s.stream('audio')).to.throw(IceUsageError, 'streams: 0, video');
    expect(s.stream('video').streamId).to.equal('video');
  });

  it('is Running until every checklist completes, Failed only when all fail (§6.1.3)', () => {
    const s = new IceSession('controlling', 1n);
    expect(s.state).to.equal('Running');
    const [a, b] = ['a', 'b'].map((id) => s.addStream({ id }));
    a.addLocalCandidate(host('10.0.0.1', 5000));
    a.addRemoteCandidate(host('10.1.0.1', 7000));
    b.addLocalCandidate(host('10.0.0.1', 5002));
    b.addRemoteCandidate(host('10.1.0.2', 7002));
    s.start();
    const first = s.nextCheck(0) as PlannedCheck;
    s.onCheckFailure(first.checkId, 'timeout');
    expect([a.state, b.state, s.state]).to.deep.equal(['Failed', 'Running', 'Running']);
    const second = s.nextCheck(50) as PlannedCheck;
    s.onCheckFailure(second.checkId, 'icmp');
    expect(s.state).to.equal('Failed');
  });

  it('makes start() idempotent', () => {
    const { session } = sessionWith([host('10.0.0.1', 5000)], [host('10.1.0.1', 7000)]);
    expect(session.start()).to.have.length(1);
    expect(session.start()).to.deep.equal([]);
  });

  it('describes a consent or keepalive request for a pair, never with USE-CANDIDATE from the controlled side', () => {
    const local = host('10.0.0.1', 5000);
    const { session, list } = sessionWith([local], [host('10.1.0.1', 7000)], { role: 'controlled', tieBreaker: 5n });
    const pair = list.pairs()[0];
    expect(session.bindingRequestFor(pair, true)).to.deep.equal({
      from: at('10.0.0.1', 5000),
      to: at('10.1.0.1', 7000),
      priority: peerReflexivePriority(local.priority),
      useCandidate: false,
      role: 'controlled',
      roleAttribute: 'ICE-CONTROLLED',
      tieBreaker: 5n,
    });
  });

  it('recomputes the priority of valid pairs outside the checklist when the role changes', () => {
    const { session, list } = sessionWith([host('10.0.0.1', 5000)], [host('10.1.0.1', 7000)]);
    session.start();
    const check = session.nextCheck(0) as PlannedCheck;
    const valid = session.onCheckSuccess(check.checkId, { source: check.to, destination: check.from, mappedAddress: at('203.0.113.1', 4000) }, 5).validPair;
    list.onRequest({ local: check.from, source: check.to, priority: 1, useCandidate: false, role: { attr: 'ICE-CONTROLLING', tieBreaker: 1n << 63n } });
    expect(session.role).to.equal('controlled');
    expect(valid?.priority).to.equal(pairPriorityForRole('controlled', valid?.local.priority ?? 0, valid?.remote.priority ?? 0));
  });

  it('reports outcomes of unknown checks as ignored', () => {
    const { session } = sessionWith([], []);
    expect(session.onCheckFailure(42, 'timeout')).to.deep.equal({ ignored: 'unknown-check', effects: [] });
    expect(session.onRoleConflict(42, 1n).ignored).to.equal('unknown-check');
  });
});
