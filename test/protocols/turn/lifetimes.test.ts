import { expect } from 'chai';
import {
  CHANNEL_LIFETIME_S,
  CHANNEL_REUSE_HOLD_S,
  DEFAULT_ALLOCATION_LIFETIME_S,
  MAX_ALLOCATION_LIFETIME_S,
  PERMISSION_LIFETIME_S,
  TurnConfigError,
  desiredRefreshLifetime,
  grantedAllocateLifetime,
  lifetimePolicy,
  secondsUntil,
} from '../../../src/protocols/turn';

describe('turn/lifetimes (RFC 8656 §6, §7.2, §8.2)', () => {
  const policy = lifetimePolicy();

  it('uses the RFC timer values', () => {
    expect([DEFAULT_ALLOCATION_LIFETIME_S, MAX_ALLOCATION_LIFETIME_S, PERMISSION_LIFETIME_S]).to.deep.equal([600, 3600, 300]);
    expect([CHANNEL_LIFETIME_S, CHANNEL_REUSE_HOLD_S]).to.deep.equal([600, 300]);
    expect(policy).to.deep.equal({ defaultS: 600, maxS: 3600 });
  });

  const allocate: [string, number | undefined, number][] = [
    ['no LIFETIME gets the default', undefined, 600],
    ['a request below the default gets the default (§7.1: ignored)', 60, 600],
    ['a request of 0 on Allocate gets the default', 0, 600],
    ['a request equal to the default gets the default', 600, 600],
    ['a request between default and max is granted', 1200, 1200],
    ['a request at the max is granted', 3600, 3600],
    ['a request above the max is capped', 86400, 3600],
  ];
  for (const [story, requested, granted] of allocate) {
    it(`Allocate: ${story}`, () => expect(grantedAllocateLifetime(requested, policy)).to.equal(granted));
  }

  it('Refresh: LIFETIME 0 means delete, others are computed as for Allocate (§8.2)', () => {
    expect(desiredRefreshLifetime(0, policy)).to.equal(0);
    expect(desiredRefreshLifetime(undefined, policy)).to.equal(600);
    expect(desiredRefreshLifetime(30, policy)).to.equal(600);
    expect(desiredRefreshLifetime(7200, policy)).to.equal(3600);
  });

  it('honours a server whose maximum equals its default', () => {
    const tight = lifetimePolicy({ defaultS: 300, maxS: 300 });
    expect(grantedAllocateLifetime(3600, tight)).to.equal(300);
  });

  it('rejects a maximum below the default and a non-positive default, naming the setting', () => {
    expect(() => lifetimePolicy({ defaultS: 600, maxS: 300 })).to.throw(TurnConfigError, /turn\.lifetime\.maxS/);
    expect(() => lifetimePolicy({ defaultS: 0 })).to.throw(TurnConfigError, /turn\.lifetime\.defaultS/);
  });

  it('reports the seconds left rounded up and never negative', () => {
    expect(secondsUntil(600_000, 0)).to.equal(600);
    expect(secondsUntil(600_000, 1)).to.equal(600);
    expect(secondsUntil(600_000, 599_001)).to.equal(1);
    expect(secondsUntil(600_000, 700_000)).to.equal(0);
  });
});
