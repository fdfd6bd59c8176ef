import { expect } from 'chai';
import { createCandidate, pairPriority, type IncomingCheck, type PlannedCheck } from '../../../src/protocols/ice';
import { at, effectsOf, host, sessionWith, states } from './fixtures';

const LOCAL = host('10.0.0.1', 5000);
const REMOTE = host('10.1.0.1', 7000);

function request(over: Partial<IncomingCheck> = {}): IncomingCheck {
  return { local: at('10.0.0.1', 5000), source: at('10.1.0.1', 7000), priority: 0x6effffff, useCandidate: false, ...over };
}

describe('ice incoming request (RFC 8445 §7.3.1)', () => {
  it('learns a peer-reflexive remote from an unknown source and queues a triggered check to it (§7.3.1.3-4)', () => {
    const { session, list } = sessionWith([LOCAL, host('10.0.0.2', 5000)], [REMOTE]);
    session.start();
    const d = list.onRequest(request({ source: at('203.0.113.50', 40000), priority: 1845494271 }));
    expect(d.response).to.equal('success');
    const learned = effectsOf(d.effects, 'remote-candidate-learned').map((e) => e.candidate);
    expect(learned).to.have.length(1);
    expect(learned[0]).to.deep.include({ type: 'prflx', component: 1, address: '203.0.113.50', port: 40000, priority: 1845494271 });
    expect(learned[0].foundation).to.match(/^[A-Za-z0-9+/]{1,32}$/).and.not.equal(REMOTE.foundation);
    expect(d.pair).to.deep.include({ state: 'Waiting', priority: pairPriority(LOCAL.priority, 1845494271) });
    expect(list.triggeredQueue().map((p) => p.id)).to.deep.equal([d.pair?.id]);
    // Not paired with the other local candidate (§7.3.1.3).
    expect(list.pairs().filter((p) => p.remote.address === '203.0.113.50')).to.have.length(1);
    expect(session.nextCheck(0)).to.deep.include({ triggered: true, to: at('203.0.113.50', 40000), from: at('10.0.0.1', 5000) });
  });

  it('works before start() and before any remote candidate is known (answer not yet received)', () => {
    const { session, list } = sessionWith([LOCAL], [], { role: 'controlling' });
    const d = list.onRequest(request({ source: at('10.1.0.1', 7000) }));
    expect(d.pair?.state).to.equal('Waiting');
    list.addRemoteCandidate(REMOTE);
    session.start();
    expect(session.nextCheck(0)).to.deep.include({ triggered: true, to: at('10.1.0.1', 7000) });
  });

  it('upgrades a learned prflx when the peer later signals the same address, and pairs it normally', () => {
    const { session, list } = sessionWith([LOCAL, host('10.0.0.2', 5000)], []);
    session.start();
    list.onRequest(request({ source: at('203.0.113.50', 40000), priority: 5 }));
    const signalled = createCandidate({ type: 'srflx', address: '203.0.113.50', port: 40000, base: at('10.1.0.1', 7000), serverAddress: '198.51.100.1' });
    const effects = list.addRemoteCandidate(signalled);
    expect(effectsOf(effects, 'remote-candidate-updated').map((e) => e.candidate)).to.deep.equal([signalled]);
    expect(list.remoteCandidates()).to.deep.equal([signalled]);
    expect(list.pairs().map((p) => `${p.local.address}:${p.remote.type}:${p.foundation === `${p.local.foundation}:${signalled.foundation}`}`)).to.deep.equal([
      '10.0.0.1:srflx:true',
      '10.0.0.2:srflx:true',
    ]);
  });

  const byState: Array<[string, (ctx: ReturnType<typeof started>) => void, string, boolean]> = [
    ['leaves a Succeeded pair alone', (c) => c.session.onCheckSuccess(c.check.checkId, { source: c.check.to, destination: c.check.from, mappedAddress: c.check.from }, 10), 'Succeeded', false],
    ['re-queues a Failed pair as Waiting', (c) => c.session.onCheckFailure(c.check.checkId, 'timeout'), 'Waiting', true],
    ['cancels an In-Progress check and re-queues the pair', () => undefined, 'Waiting', true],
  ];
  function started() {
    const ctx = sessionWith([LOCAL], [REMOTE]);
    ctx.session.start();
    return { ...ctx, check: ctx.session.nextCheck(0) as PlannedCheck };
  }
  for (const [story, prepare, state, queued] of byState) {
    it(`${story} (§7.3.1.4)`, () => {
      const ctx = started();
      prepare(ctx);
      const d = ctx.list.onRequest(request());
      expect(d.pair?.state).to.equal(state);
      expect(ctx.list.triggeredQueue().length).to.equal(queued ? 1 : 0);
      expect(effectsOf(d.effects, 'cancel-check').length).to.equal(story.startsWith('cancels') ? 1 : 0);
    });
  }

  it('revives a Failed checklist when a request re-queues one of its pairs', () => {
    const ctx = started();
    ctx.session.onCheckFailure(ctx.check.checkId, 'timeout');
    expect(ctx.list.state).to.equal('Failed');
    const d = ctx.list.onRequest(request());
    expect(effectsOf(d.effects, 'checklist-state').map((e) => `${e.from}>${e.to}`)).to.deep.equal(['Failed>Running']);
  });

  it('queues a Frozen pair once even when requests repeat', () => {
    const { list } = sessionWith([LOCAL], [REMOTE]);
    list.onRequest(request());
    list.onRequest(request());
    expect(list.triggeredQueue()).to.have.length(1);
    expect(states(list)).to.deep.equal(['10.0.0.1:5000->10.1.0.1:7000=Waiting']);
  });

  it('answers success without ICE processing on an address that is not a local host or relay candidate', () => {
    const { list } = sessionWith([LOCAL], [REMOTE]);
    expect(list.onRequest(request({ local: at('10.0.0.9', 5000) }))).to.deep.equal({ response: 'success', note: 'unknown-local', effects: [] });
  });

  describe('role conflicts (§7.3.1.1)', () => {
    it('answers 487 and changes nothing when this agent keeps its role', () => {
      const { session, list } = sessionWith([LOCAL], [REMOTE], { tieBreaker: 10n });
      const d = list.onRequest(request({ source: at('10.1.0.9', 1), role: { attr: 'ICE-CONTROLLING', tieBreaker: 9n } }));
      expect(d).to.deep.equal({ response: 'error-487', effects: [] });
      expect(session.role).to.equal('controlling');
      expect(list.remoteCandidates()).to.have.length(1);
    });

    it('switches role, keeps its tie-breaker, recomputes priorities and processes the request', () => {
      const { session, list } = sessionWith([LOCAL], [host('10.1.0.1', 7000, 1, 1)], { tieBreaker: 10n });
      const d = list.onRequest(request({ role: { attr: 'ICE-CONTROLLING', tieBreaker: 11n } }));
      expect(d.response).to.equal('success');
      expect(effectsOf(d.effects, 'role-changed')).to.deep.equal([{ kind: 'role-changed', from: 'controlling', to: 'controlled', tieBreaker: 10n }]);
      expect(session.role).to.equal('controlled');
      expect(d.pair?.priority).to.equal(pairPriority(list.remoteCandidates()[0].priority, LOCAL.priority));
    });

    it('sees no conflict when the peer claims the other role', () => {
      const { session, list } = sessionWith([LOCAL], [REMOTE], { role: 'controlled' });
      const d = list.onRequest(request({ role: { attr: 'ICE-CONTROLLING', tieBreaker: 0n } }));
      expect(d.response).to.equal('success');
      expect(session.role).to.equal('controlled');
    });
  });

  describe('USE-CANDIDATE on the controlled agent (§7.3.1.5)', () => {
    function controlled() {
      const ctx = sessionWith([LOCAL, host('10.0.0.2', 5000, 1, 1)], [REMOTE], { role: 'controlled' });
      ctx.session.start();
      return ctx;
    }

    it('nominates at once when the pair already succeeded, concluding the component', () => {
      const { session, list } = controlled();
      const check = session.nextCheck(0) as PlannedCheck;
      const other = session.nextCheck(50) as PlannedCheck;
      session.onCheckSuccess(check.checkId, { source: check.to, destination: check.from, mappedAddress: check.from }, 20);
      const d = list.onRequest(request({ useCandidate: true }));
      expect(effectsOf(d.effects, 'nominated').map((e) => e.pair.id)).to.deep.equal([check.pair.id]);
      expect(effectsOf(d.effects, 'cancel-check').map((e) => e.checkId)).to.deep.equal([other.checkId]);
      expect(effectsOf(d.effects, 'pair-removed').map((e) => e.reason)).to.deep.equal(['component-nominated']);
      expect(list.state).to.equal('Completed');
      expect(list.selectedPair()?.id).to.equal(check.pair.id);
      expect(session.state).to.equal('Completed');
      // Later requests are still answered but change nothing (§8.1.2).
      expect(list.onRequest(request({ local: at('10.0.0.2', 5000) }))).to.deep.include({ response: 'success', note: 'component-nominated' });
    });

    it('nominates when the triggered check of a not-yet-succeeded pair succeeds', () => {
      const { session, list } = controlled();
      const d = list.onRequest(request({ useCandidate: true }));
      expect(d.pair?.nominated).to.equal(false);
      const check = session.nextCheck(0) as PlannedCheck;
      expect(check).to.deep.include({ triggered: true, useCandidate: false });
      const out = session.onCheckSuccess(check.checkId, { source: check.to, destination: check.from, mappedAddress: check.from }, 10);
      expect(effectsOf(out.effects, 'nominated')).to.have.length(1);
      expect(list.state).to.equal('Completed');
    });

    it('fails the checklist when that triggered check fails, removing the pair from the valid list', () => {
      const { session, list } = controlled();
      const first = session.nextCheck(0) as PlannedCheck;
      session.onCheckSuccess(first.checkId, { source: first.to, destination: first.from, mappedAddress: at('203.0.113.1', 1) }, 10);
      // The pair succeeded but a new request arrives from a new source port with USE-CANDIDATE.
      const d = list.onRequest(request({ source: at('10.1.0.1', 7100), useCandidate: true }));
      const check = session.nextCheck(20) as PlannedCheck;
      expect(check.pair.id).to.equal(d.pair?.id);
      const out = session.onCheckFailure(check.checkId, 'timeout');
      expect(effectsOf(out.effects, 'nomination-failed')).to.have.length(1);
      expect(list.state).to.equal('Failed');
      expect(list.validPairs().map((p) => p.remote.port)).to.deep.equal([7000]);
    });

    it('is ignored by a controlling agent', () => {
      const { session, list } = sessionWith([LOCAL], [REMOTE]);
      session.start();
      const check = session.nextCheck(0) as PlannedCheck;
      session.onCheckSuccess(check.checkId, { source: check.to, destination: check.from, mappedAddress: check.from }, 10);
      const d = list.onRequest(request({ useCandidate: true }));
      expect(effectsOf(d.effects, 'nominated')).to.deep.equal([]);
      expect(list.state).to.equal('Running');
    });
  });
});
