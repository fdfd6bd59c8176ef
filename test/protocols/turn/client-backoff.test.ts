import { expect } from 'chai';
import {
  ALLOCATE_CAPACITY_BACKOFF_MS,
  ALLOCATE_MISMATCH_BACKOFF_MS,
  allocateErrorAdvice,
  permissionErrorAdvice,
  refreshErrorAdvice,
  type AllocateErrorContext,
} from '../../../src/protocols/turn';

describe('turn/client-backoff (RFC 8656 §7.4, §8.3, §12.3)', () => {
  const first: AllocateErrorContext = { sentCredentials: false };
  const cases: [string, number, AllocateErrorContext, object][] = [
    ['300: go to the alternate server', 300, first, { action: 'try-alternate-server' }],
    ['first 401: retry with credentials', 401, first, { action: 'retry-with-credentials' }],
    ['401 after credentials: give up', 401, { sentCredentials: true }, { action: 'give-up' }],
    ['420 naming DONT-FRAGMENT: retry without it', 420, { ...first, unknownAttributes: ['DONT-FRAGMENT'] }, { action: 'retry-without', attributes: ['DONT-FRAGMENT'] }],
    ['420 for something else: give up', 420, first, { action: 'give-up' }],
    ['first 437: retry from a new client address', 437, { ...first, mismatchCount: 1 }, { action: 'retry-from-new-address' }],
    ['second 437: retry from a new client address', 437, { ...first, mismatchCount: 2 }, { action: 'retry-from-new-address' }],
    ['third 437: give up for 2 minutes', 437, { ...first, mismatchCount: 3 }, { action: 'give-up', retryAfterMs: 120_000 }],
    ['438: retry with the new nonce', 438, first, { action: 'retry-with-new-nonce' }],
    ['486: wait at least 1 minute', 486, first, { action: 'wait', retryAfterMs: 60_000 }],
    ['508: wait at least 1 minute', 508, first, { action: 'wait', retryAfterMs: 60_000 }],
    ['508 with EVEN-PORT: retry at once without it', 508, { ...first, usedEvenPortOrToken: true }, { action: 'retry-without', attributes: ['EVEN-PORT', 'RESERVATION-TOKEN'] }],
    ['400: give up', 400, first, { action: 'give-up' }],
    ['440: give up', 440, first, { action: 'give-up' }],
  ];
  for (const [story, code, ctx, advice] of cases) {
    it(`Allocate ${story}`, () => expect(allocateErrorAdvice(code, ctx)).to.deep.include(advice));
  }

  it('uses the RFC back-off times', () => {
    expect([ALLOCATE_MISMATCH_BACKOFF_MS, ALLOCATE_CAPACITY_BACKOFF_MS]).to.deep.equal([120_000, 60_000]);
  });

  it('Refresh: 437 means gone, or done when deleting; 438 means retry with the new nonce (§8.3)', () => {
    expect(refreshErrorAdvice(437, false)).to.deep.equal({ action: 'allocation-gone' });
    expect(refreshErrorAdvice(437, true)).to.deep.equal({ action: 'done' });
    expect(refreshErrorAdvice(438, false)).to.deep.equal({ action: 'retry-with-new-nonce' });
    expect(refreshErrorAdvice(441, false)).to.deep.include({ action: 'give-up' });
  });

  it('ChannelBind 400 means start afresh (§12.3); CreatePermission 400 does not', () => {
    expect(permissionErrorAdvice(400, 'ChannelBind')).to.deep.equal({ action: 'reallocate' });
    expect(permissionErrorAdvice(400, 'CreatePermission')).to.deep.include({ action: 'give-up' });
    expect(permissionErrorAdvice(437, 'CreatePermission')).to.deep.equal({ action: 'allocation-gone' });
    expect(permissionErrorAdvice(438, 'ChannelBind')).to.deep.equal({ action: 'retry-with-new-nonce' });
    expect(permissionErrorAdvice(508, 'ChannelBind')).to.deep.include({ action: 'wait' });
    expect(permissionErrorAdvice(403, 'ChannelBind')).to.deep.include({ action: 'give-up' });
  });
});
