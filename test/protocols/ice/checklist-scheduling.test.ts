import { expect } from 'chai';
import { createCandidate, IceSession, IceUsageError, peerReflexivePriority } from '../../../src/protocols/ice';
import { at, effectsOf, host, sessionWith, states } from './fixtures';

/** A host candidate with an explicit foundation, for freezing tests. */
function cand(ip: string, foundation: string, component = 1, port = 5000, localPreference = 65535) {
  return createCandidate({ type: 'host', address: ip, port, component, foundation, localPreference });
}

describe('ice initial pair states (RFC 8445 §6.1.2.6)', () => {
  it('reproduces Table 1: one Waiting pair per foundation, in the first checklist that has it', () => {
    const session = new IceSession('controlling', 1n);
    const layout: Record<string, string[]> = { m1: ['f1', 'f2', 'f3'], m2: ['f1', 'f2', 'f3', 'f4'], m3: ['f1', 'f5'] };
    for (const [id, foundations] of Object.entries(layout)) {
      const list = session.addStream({ id });
      foundations.forEach((f, i) => list.addLocalCandidate(cand(`10.0.0.${i + 1}`, f)));
      list.addRemoteCandidate(cand('10.9.0.1', 'r'));
    }
    session.start();
    const waiting = session.streams().map((l) => l.pairs().filter((p) => p.state === 'Waiting').map((p) => p.local.foundation).sort());
    expect(waiting).to.deep.equal([['f1', 'f2', 'f3'], ['f4'], ['f5']]);
    expect(session.streams().every((l) => l.state === 'Running')).to.equal(true);
  });

  it('unfreezes the lowest component first, then the highest priority, for a shared foundation', () => {
    const { session, list } = sessionWith(
      [cand('10.0.0.1', 'a', 1, 5000, 1), cand('10.0.0.1', 'a', 2, 5001, 100), cand('10.0.0.1', 'a', 1, 5002, 2)],
      [cand('10.9.0.1', 'r', 1, 7000), cand('10.9.0.1', 'r', 2, 7001)],
      { stream: { components: 2 } },
    );
    // The component-2 pair has the highest priority, but component 1 goes first; among those, local preference 2 wins.
    expect(list.pairs()[0].component).to.equal(2);
    session.start();
    expect(list.pairs().filter((p) => p.state === 'Waiting').map((p) => p.id)).to.deep.equal(['1|10.0.0.1:5002->10.9.0.1:7000']);
  });
});

describe('ice check scheduling (RFC 8445 §6.1.4.2)', () => {
  it('refuses to schedule before start()', () => {
    const { session } = sessionWith([host('10.0.0.1', 5000)], [host('10.1.0.1', 7000)]);
    expect(() => session.nextCheck(0)).to.throw(IceUsageError, 'start()');
  });

  it('plans a check from the base to the remote with the prflx-typed PRIORITY, role and tie-breaker', () => {
    const local = host('10.0.0.1', 5000);
    const { session } = sessionWith([local], [host('10.1.0.1', 7000)], { tieBreaker: 77n });
    session.start();
    const check = session.nextCheck(0);
    expect(check).to.deep.include({
      streamId: '0',
      from: at('10.0.0.1', 5000),
      to: at('10.1.0.1', 7000),
      priority: peerReflexivePriority(local.priority),
      useCandidate: false,
      role: 'controlling',
      roleAttribute: 'ICE-CONTROLLING',
      tieBreaker: 77n,
      triggered: false,
      rtoMs: 500,
    });
    expect(check?.pair.state).to.equal('In-Progress');
    expect(effectsOf(check?.effects ?? [], 'pair-state').map((e) => e.to)).to.deep.equal(['In-Progress']);
  });

  it('checks Waiting pairs in decreasing priority order', () => {
    const { session } = sessionWith([host('10.0.0.1', 5000, 1, 10), host('10.0.0.2', 5000, 1, 30), host('10.0.0.3', 5000, 1, 20)], [host('10.1.0.1', 7000)]);
    session.start();
    const order = [0, 1, 2].map((t) => session.nextCheck(t)?.from.address);
    expect(order).to.deep.equal(['10.0.0.2', '10.0.0.3', '10.0.0.1']);
    expect(session.nextCheck(3)).to.equal(undefined);
  });

  it('serves the triggered-check queue first, in FIFO order', () => {
    const { session, list } = sessionWith([host('10.0.0.1', 5000), host('10.0.0.2', 5000, 1, 1)], [host('10.1.0.1', 7000)]);
    session.start();
    list.onRequest({ local: at('10.0.0.2', 5000), source: at('10.1.0.9', 7009), priority: 99, useCandidate: false });
    list.onRequest({ local: at('10.0.0.2', 5000), source: at('10.1.0.1', 7000), priority: 99, useCandidate: false });
    const picks = [0, 1, 2].map((t) => session.nextCheck(t));
    expect(picks.map((c) => `${c?.to.address}:${c?.triggered}`)).to.deep.equal(['10.1.0.9:true', '10.1.0.1:true', '10.1.0.1:false']);
  });

  it('unfreezes a Frozen pair only once no pair of its foundation is Waiting or In-Progress', () => {
    const { session, list } = sessionWith([cand('10.0.0.1', 'a', 1, 5000), cand('10.0.0.1', 'a', 2, 5001)], [cand('10.9.0.1', 'r', 1), cand('10.9.0.1', 'r', 2, 5001)], {
      stream: { components: 2 },
    });
    session.start();
    const first = session.nextCheck(0);
    expect(first?.pair.component).to.equal(1);
    expect(session.hasCheckToSend()).to.equal(false);
    expect(session.nextCheck(50)).to.equal(undefined);
    session.onCheckFailure(first?.checkId ?? 0, 'timeout');
    expect(session.hasCheckToSend()).to.equal(true);
    const second = session.nextCheck(100);
    expect(second?.pair.component).to.equal(2);
    expect(effectsOf(second?.effects ?? [], 'pair-state').map((e) => `${e.from}>${e.to}`)).to.deep.equal(['Frozen>Waiting', 'Waiting>In-Progress']);
    expect(states(list)).to.include('10.0.0.1:5001->10.9.0.1:5001=In-Progress');
  });

  it('unfreezes all Frozen pairs of a foundation, in every checklist, when a check of it succeeds (§7.2.5.3.3)', () => {
    const session = new IceSession('controlling', 1n);
    const lists = ['a', 'b'].map((id) => session.addStream({ id }));
    lists[0].addLocalCandidate(cand('10.0.0.1', 'x', 1, 5000));
    lists[0].addRemoteCandidate(cand('10.9.0.1', 'r', 1, 7000));
    lists[1].addLocalCandidate(cand('10.0.0.1', 'x', 1, 6000));
    lists[1].addRemoteCandidate(cand('10.9.0.1', 'r', 1, 8000));
    session.start();
    expect(lists[1].pairs()[0].state).to.equal('Frozen');
    const check = session.nextCheck(0);
    const out = session.onCheckSuccess(check?.checkId ?? 0, { source: at('10.9.0.1', 7000), destination: at('10.0.0.1', 5000), mappedAddress: at('10.0.0.1', 5000) }, 20);
    expect(effectsOf(out.effects, 'pair-state').map((e) => `${e.pair.streamId}:${e.to}`)).to.deep.equal(['a:Succeeded', 'b:Waiting']);
  });

  it('takes checklists in turn, skipping those with nothing to check', () => {
    const session = new IceSession('controlling', 1n);
    for (const id of ['a', 'b']) {
      const l = session.addStream({ id });
      l.addLocalCandidate(host(id === 'a' ? '10.0.0.1' : '10.0.1.1', 5000));
      l.addLocalCandidate(host(id === 'a' ? '10.0.0.2' : '10.0.1.2', 5000, 1, 1));
      l.addRemoteCandidate(host('10.9.0.1', 7000));
    }
    session.start();
    const streams = [0, 1, 2, 3, 4].map((t) => session.nextCheck(t)?.streamId);
    expect(streams).to.deep.equal(['a', 'b', 'a', 'b', undefined]);
  });

  it('grows the RTO with the Waiting and In-Progress checks (§14.3)', () => {
    const locals = [1, 2, 3, 4, 5, 6].map((i) => host(`10.0.0.${i}`, 5000, 1, i));
    const { session } = sessionWith(locals, [host('10.1.0.1', 7000)], { init: { ta: 100 } });
    session.start();
    expect(session.checkRto()).to.equal(600);
    expect(session.nextCheck(0)?.rtoMs).to.equal(600);
  });
});
