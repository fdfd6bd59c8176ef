import { expect } from 'chai';
import {
  ClientRefreshTracker,
  allocationRefreshAt,
  channelRefreshAt,
  permissionRefreshAt,
} from '../../../src/protocols/turn';
import { s } from './helpers';

const PEER = { address: '192.0.2.7', port: 4000 };

describe('turn/client-schedule (RFC 8656 §8, §9, §12)', () => {
  const times: [string, number, number][] = [
    ['a 600 s allocation 1 minute before expiry', allocationRefreshAt(0, 600), s(540)],
    ['a 3600 s allocation 1 minute before expiry', allocationRefreshAt(s(100), 3600), s(3640)],
    ['a short 60 s lifetime at half-time instead of at once', allocationRefreshAt(0, 60), s(30)],
    ['a permission before its 300 s run out', permissionRefreshAt(s(10)), s(250)],
    ['a channel before its 600 s run out', channelRefreshAt(0), s(540)],
    ['a permission with a 30 s margin', permissionRefreshAt(0, 30), s(270)],
  ];
  for (const [story, got, want] of times) {
    it(`refreshes ${story}`, () => expect(got).to.equal(want));
  }

  it('walks a client through allocation, permission and channel refreshes at their due times', () => {
    const t = new ClientRefreshTracker();
    t.onAllocation(0, 600);
    t.onPermissions(['192.0.2.9'], s(10));
    t.onChannelBound(0x4000, PEER, s(20));
    const log: string[] = [];
    for (let at = t.nextDueAt(); at !== undefined && at < s(700); at = t.nextDueAt()) {
      for (const a of t.takeDue(at)) {
        log.push(`${at / 1000}:${a.kind}${a.kind === 'refresh-permissions' ? `:${a.peerIps.join(',')}` : ''}`);
        if (a.kind === 'refresh-allocation') t.onAllocation(at + 50, 600);
        if (a.kind === 'refresh-permissions') t.onPermissions(a.peerIps, at + 50);
        if (a.kind === 'refresh-channel') t.onChannelBound(a.channel, a.peer, at + 50);
      }
    }
    expect(log).to.deep.equal([
      '250:refresh-permissions:192.0.2.9',
      '260:refresh-permissions:192.0.2.7',
      '490.05:refresh-permissions:192.0.2.9', // answered 50 ms after each request, so 240 s after that
      '500.05:refresh-permissions:192.0.2.7',
      '540:refresh-allocation',
      '560:refresh-channel',
    ]);
  });

  it('returns each due action once until it is reported done', () => {
    const t = new ClientRefreshTracker();
    t.onAllocation(0, 600);
    expect(t.takeDue(s(540))).to.deep.equal([{ kind: 'refresh-allocation' }]);
    expect(t.takeDue(s(541))).to.deep.equal([]);
    expect(t.nextDueAt()).to.equal(undefined);
  });

  it('forgets everything when the allocation is gone (437 on Refresh, or LIFETIME 0)', () => {
    const t = new ClientRefreshTracker();
    t.onAllocation(0, 600);
    t.onChannelBound(0x4000, PEER, 0);
    t.onAllocation(s(1), 0);
    expect([t.hasAllocation(s(1)), t.hasPermission('192.0.2.7', s(1)), t.channelFor(PEER, s(1))]).to.deep.equal([false, false, undefined]);
    expect(t.nextDueAt()).to.equal(undefined);
  });

  it('knows when permissions and channels lapse if not refreshed', () => {
    const t = new ClientRefreshTracker();
    t.onAllocation(0, 600);
    t.onChannelBound(0x4000, PEER, 0);
    expect(t.hasPermission('192.0.2.7', s(299))).to.equal(true);
    expect(t.hasPermission('192.0.2.7', s(300))).to.equal(false);
    expect(t.channelFor(PEER, s(599))).to.equal(0x4000);
    expect(t.channelFor(PEER, s(600))).to.equal(undefined);
  });

  it('stops scheduling forgotten permissions and channels', () => {
    const t = new ClientRefreshTracker();
    t.onPermissions(['192.0.2.9'], 0);
    t.onChannelBound(0x4000, PEER, 0);
    t.forgetPermission('192.0.2.9');
    t.forgetPermission('192.0.2.7');
    t.forgetChannel(0x4000);
    expect(t.nextDueAt()).to.equal(undefined);
  });
});
