import { expect } from 'chai';
import { IceUsageError, type PlannedCheck } from '../../../src/protocols/ice';
import { at, effectsOf, host, sessionWith } from './fixtures';

/** Controlling session with two local hosts (10.0.0.1 preferred) and one remote; both checks sent. */
function twoChecks(components = 1) {
  const locals = [host('10.0.0.1', 5000), host('10.0.0.2', 5000, 1, 1)];
  const remotes = [host('10.1.0.1', 7000)];
  if (components === 2) {
    locals.push(host('10.0.0.1', 5001, 2));
    remotes.push(host('10.1.0.1', 7001, 2));
  }
  const ctx = sessionWith(locals, remotes, { stream: { components } });
  ctx.session.start();
  const best = ctx.session.nextCheck(0) as PlannedCheck;
  const worse = ctx.session.nextCheck(50) as PlannedCheck;
  return { ...ctx, best, worse };
}

function succeed(session: ReturnType<typeof twoChecks>['session'], check: PlannedCheck, now: number, mapped = check.from) {
  return session.onCheckSuccess(check.checkId, { source: check.to, destination: check.from, mappedAddress: mapped }, now);
}

describe('ice regular nomination by the controlling agent (RFC 8445 §8.1.1)', () => {
  it('repeats the producing check with USE-CANDIDATE and concludes on success', () => {
    const { session, list, best, worse } = twoChecks();
    succeed(session, best, 20);
    const queued = list.nominate(1);
    expect(effectsOf(queued, 'nomination-queued').map((e) => [e.pair.id, e.via.id])).to.deep.equal([[best.pair.id, best.pair.id]]);
    const nomination = session.nextCheck(100) as PlannedCheck;
    expect(nomination).to.deep.include({ triggered: true, useCandidate: true });
    expect(nomination.pair.id).to.equal(best.pair.id);
    const out = succeed(session, nomination, 130);
    expect(effectsOf(out.effects, 'nominated').map((e) => e.pair.id)).to.deep.equal([best.pair.id]);
    // §8.1.2: other pairs of the component leave the checklist, their checks are cancelled.
    expect(effectsOf(out.effects, 'cancel-check').map((e) => e.checkId)).to.deep.equal([worse.checkId]);
    expect(list.pairs().map((p) => p.id)).to.deep.equal([best.pair.id]);
    expect(list.state).to.equal('Completed');
    expect(list.selectedPair()).to.include({ id: best.pair.id, nominated: true });
    expect(session.nextCheck(200)).to.equal(undefined);
  });

  it('nominates a valid pair built outside the checklist through the pair that produced it', () => {
    const { session, list, best } = twoChecks();
    const valid = succeed(session, best, 20, at('203.0.113.5', 40000)).validPair;
    expect(valid?.inChecklist).to.equal(false);
    const queued = list.nominate(valid);
    expect(effectsOf(queued, 'nomination-queued').map((e) => e.via.id)).to.deep.equal([best.pair.id]);
    const nomination = session.nextCheck(100) as PlannedCheck;
    succeed(session, nomination, 120, at('203.0.113.5', 40000));
    expect(list.selectedPair()?.local).to.deep.include({ type: 'prflx', address: '203.0.113.5' });
  });

  const misuse: Array<[string, (ctx: ReturnType<typeof twoChecks>) => void, string]> = [
    ['there is no valid pair yet', () => undefined, 'no valid pair'],
    [
      'the component is already nominated',
      (c) => {
        succeed(c.session, c.best, 20);
        c.list.nominate();
        succeed(c.session, c.session.nextCheck(60) as PlannedCheck, 70);
      },
      'already has a nominated pair',
    ],
    [
      'a nomination is in flight',
      (c) => {
        succeed(c.session, c.best, 20);
        c.list.nominate();
      },
      'already in progress',
    ],
  ];
  for (const [story, prepare, message] of misuse) {
    it(`refuses to nominate when ${story}`, () => {
      const ctx = twoChecks();
      prepare(ctx);
      expect(() => ctx.list.nominate()).to.throw(IceUsageError, message);
    });
  }

  it('refuses to nominate as the controlled agent', () => {
    const { list } = sessionWith([host('10.0.0.1', 5000)], [host('10.1.0.1', 7000)], { role: 'controlled' });
    expect(() => list.nominate()).to.throw(IceUsageError, 'only the controlling agent');
  });

  it('fails the checklist when the USE-CANDIDATE check fails (§7.2.5.3.4)', () => {
    const { session, list, best, worse } = twoChecks();
    succeed(session, best, 20);
    succeed(session, worse, 60);
    list.nominate();
    const nomination = session.nextCheck(100) as PlannedCheck;
    const out = session.onCheckFailure(nomination.checkId, 'timeout');
    expect(effectsOf(out.effects, 'nomination-failed').map((e) => e.pair.id)).to.deep.equal([best.pair.id]);
    expect(list.validPairs().map((p) => p.id)).to.deep.equal([worse.pair.id]);
    expect(best.pair.state).to.equal('Failed');
    expect(list.state).to.equal('Failed');
  });

  it('keeps USE-CANDIDATE when a request re-triggers the pair during nomination', () => {
    const { session, list, best } = twoChecks();
    succeed(session, best, 20);
    list.nominate();
    const first = session.nextCheck(100) as PlannedCheck;
    const d = list.onRequest({ local: first.from, source: first.to, priority: 1, useCandidate: false });
    expect(effectsOf(d.effects, 'cancel-check').map((e) => e.checkId)).to.deep.equal([first.checkId]);
    expect(session.nextCheck(150)).to.deep.include({ useCandidate: true, triggered: true });
  });

  it('reports readiness to nominate only once no better pair is pending', () => {
    const { session, list, best, worse } = twoChecks();
    succeed(session, worse, 60);
    expect(list.bestValidPair()?.id).to.equal(worse.pair.id);
    expect(list.readyToNominate()).to.equal(undefined);
    session.onCheckFailure(best.checkId, 'timeout');
    expect(list.readyToNominate()?.id).to.equal(worse.pair.id);
  });

  it('completes a two-component stream only when both components are nominated', () => {
    const { session, list, best } = twoChecks(2);
    succeed(session, best, 20);
    // component 2 shares the host foundation of component 1: unfrozen by the success.
    const rtcp = session.nextCheck(60) as PlannedCheck;
    expect(rtcp.pair.component).to.equal(2);
    succeed(session, rtcp, 70);
    list.nominate(1);
    succeed(session, session.nextCheck(100) as PlannedCheck, 110);
    expect(list.state).to.equal('Running');
    expect(list.selectedPair(1)).to.equal(undefined);
    list.nominate(2);
    succeed(session, session.nextCheck(150) as PlannedCheck, 160);
    expect(list.state).to.equal('Completed');
    expect([list.selectedPair(1)?.component, list.selectedPair(2)?.component]).to.deep.equal([1, 2]);
  });

  it('drops pending nominations when a 487 turns the agent controlled', () => {
    const { session, list, best } = twoChecks();
    succeed(session, best, 20);
    list.nominate();
    const nomination = session.nextCheck(100) as PlannedCheck;
    session.onRoleConflict(nomination.checkId, 3n);
    expect(session.nextCheck(150)).to.deep.include({ useCandidate: false, role: 'controlled' });
  });
});
