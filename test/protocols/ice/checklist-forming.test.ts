import { expect } from 'chai';
import { createCandidate, IceSession, IceUsageError, pairPriority } from '../../../src/protocols/ice';
import { effectsOf, host, sessionWith, srflx, states } from './fixtures';

describe('ice checklist forming (RFC 8445 §6.1.2)', () => {
  it('pairs each local candidate with each remote candidate of the same component', () => {
    const { list } = sessionWith(
      [host('10.0.0.1', 5000, 1), host('10.0.0.1', 5001, 2)],
      [host('10.1.0.1', 7000, 1), host('10.1.0.1', 7001, 2)],
      { stream: { components: 2 } },
    );
    expect(list.pairs().map((p) => p.id)).to.deep.equal(['1|10.0.0.1:5000->10.1.0.1:7000', '2|10.0.0.1:5001->10.1.0.1:7001']);
    expect(states(list).every((s) => s.endsWith('=Frozen'))).to.equal(true);
  });

  it('replaces a local srflx by its base and prunes the redundant pair (§6.1.2.4)', () => {
    const { list } = sessionWith([host('10.0.0.1', 5000), srflx('203.0.113.1', 6000, '10.0.0.1', 5000)], [host('10.1.0.1', 7000), host('10.1.0.2', 7000)]);
    expect(list.pairs().map((p) => `${p.local.type}:${p.local.address}`)).to.deep.equal(['host:10.0.0.1', 'host:10.0.0.1']);
  });

  it('keeps the higher-priority pair when the base arrives after its srflx', () => {
    const { list } = sessionWith([srflx('203.0.113.1', 6000, '10.0.0.1', 5000)], [host('10.1.0.1', 7000)]);
    expect(list.pairs()[0].local.type).to.equal('srflx');
    const effects = list.addLocalCandidate(host('10.0.0.1', 5000));
    expect(effectsOf(effects, 'pair-removed').map((e) => e.reason)).to.deep.equal(['redundant']);
    expect(list.pairs().map((p) => p.local.type)).to.deep.equal(['host']);
  });

  it('ignores a local candidate redundant with a higher-priority one (§5.1.3)', () => {
    const { list } = sessionWith([host('203.0.113.1', 5000)], [host('10.1.0.1', 7000)]);
    expect(list.addLocalCandidate(srflx('203.0.113.1', 5000, '203.0.113.1', 5000))).to.deep.equal([]);
    expect(list.localCandidates()).to.have.length(1);
  });

  it('does not pair across address families nor with unresolved host names', () => {
    const mdns = createCandidate({ type: 'host', address: 'abcd.local', port: 1 });
    const v6 = createCandidate({ type: 'host', address: '2001:db8::1', port: 1 });
    const { list } = sessionWith([host('10.0.0.1', 5000)], [mdns, v6, host('10.1.0.1', 7000)]);
    expect(list.pairs().map((p) => p.remote.address)).to.deep.equal(['10.1.0.1']);
  });

  it('computes pair priority with the local candidate as G when controlling and D when controlled', () => {
    const local = host('10.0.0.1', 5000);
    const remote = srflx('203.0.113.1', 6000, '10.1.0.1', 7000);
    expect(sessionWith([local], [remote]).list.pairs()[0].priority).to.equal(pairPriority(local.priority, remote.priority));
    expect(sessionWith([local], [remote], { role: 'controlled' }).list.pairs()[0].priority).to.equal(pairPriority(remote.priority, local.priority));
  });

  it('joins local and remote foundations into the pair foundation', () => {
    const local = host('10.0.0.1', 5000);
    const remote = host('10.1.0.1', 7000);
    expect(sessionWith([local], [remote]).list.pairs()[0].foundation).to.equal(`${local.foundation}:${remote.foundation}`);
  });

  it('drops the lowest-priority pairs beyond the pair limit (§6.1.2.5)', () => {
    const { list } = sessionWith([host('10.0.0.1', 5000, 1, 2), host('10.0.0.2', 5000, 1, 1)], [host('10.1.0.1', 7000)], { init: { pairLimit: 3 } });
    const effects = list.addRemoteCandidate(srflx('203.0.113.9', 7000, '10.1.0.1', 7000));
    expect(effectsOf(effects, 'pair-removed').map((e) => `${e.pair.local.address}->${e.pair.remote.address}:${e.reason}`)).to.deep.equal([
      '10.0.0.2->203.0.113.9:pair-limit',
    ]);
    expect(list.pairs()).to.have.length(3);
  });

  it('applies the pair limit evenly across checklists', () => {
    const session = new IceSession('controlling', 1n, { pairLimit: 4 });
    for (const id of ['audio', 'video']) {
      const l = session.addStream({ id });
      for (let i = 1; i <= 3; i++) l.addLocalCandidate(host(`10.0.${id === 'audio' ? 0 : 1}.${i}`, 5000, 1, i));
      l.addRemoteCandidate(host('10.9.0.1', 7000));
    }
    expect(session.streams().map((l) => l.pairs().length)).to.deep.equal([2, 2]);
  });

  it('rejects a local candidate for a component the stream does not have', () => {
    const { list } = sessionWith([], []);
    expect(() => list.addLocalCandidate(host('10.0.0.1', 5000, 2))).to.throw(IceUsageError, 'components 1..1');
  });

  it('pairs a trickled remote candidate added after start and makes it Waiting when its foundation is idle (RFC 8838)', () => {
    const { session, list } = sessionWith([host('10.0.0.1', 5000)], [host('10.1.0.1', 7000)]);
    session.start();
    session.nextCheck(0);
    const effects = list.addRemoteCandidate(srflx('203.0.113.9', 7000, '10.1.0.1', 7000));
    expect(effectsOf(effects, 'pair-state').map((e) => `${e.pair.remote.type}:${e.to}`)).to.deep.equal(['srflx:Waiting']);
  });

  it('keeps a trickled pair Frozen while its foundation has a Waiting pair', () => {
    const { session, list } = sessionWith([host('10.0.0.1', 5000)], [host('10.1.0.1', 7000)]);
    session.start();
    list.addRemoteCandidate(host('10.1.0.1', 7002));
    expect(states(list)).to.deep.equal(['10.0.0.1:5000->10.1.0.1:7000=Waiting', '10.0.0.1:5000->10.1.0.1:7002=Frozen']);
  });
});
