import { expect } from 'chai';
import { oppositeRole, resolveRoleConflict, roleAttributeFor, type IceRole, type RoleAttribute, type RoleConflictOutcome } from '../../../src/protocols/ice';

describe('ice role conflict on a received request (RFC 8445 §7.3.1.1)', () => {
  const rows: Array<[string, IceRole, bigint, RoleAttribute, bigint, RoleConflictOutcome]> = [
    ['controlling with the larger tie-breaker keeps its role and answers 487', 'controlling', 10n, 'ICE-CONTROLLING', 9n, 'reply-487'],
    ['controlling with an equal tie-breaker answers 487', 'controlling', 7n, 'ICE-CONTROLLING', 7n, 'reply-487'],
    ['controlling with the smaller tie-breaker switches to controlled', 'controlling', 9n, 'ICE-CONTROLLING', 10n, 'switch-role'],
    ['controlled with the larger tie-breaker switches to controlling', 'controlled', 10n, 'ICE-CONTROLLED', 9n, 'switch-role'],
    ['controlled with an equal tie-breaker switches to controlling', 'controlled', 7n, 'ICE-CONTROLLED', 7n, 'switch-role'],
    ['controlled with the smaller tie-breaker answers 487', 'controlled', 9n, 'ICE-CONTROLLED', 10n, 'reply-487'],
    ['controlled receiving ICE-CONTROLLING has no conflict', 'controlled', 1n, 'ICE-CONTROLLING', 2n, 'no-conflict'],
    ['controlling receiving ICE-CONTROLLED has no conflict', 'controlling', 2n, 'ICE-CONTROLLED', 1n, 'no-conflict'],
    ['64-bit tie-breakers compare as unsigned values', 'controlling', 2n ** 64n - 1n, 'ICE-CONTROLLING', 2n ** 63n, 'reply-487'],
  ];
  for (const [story, localRole, localTieBreaker, attr, remoteTieBreaker, want] of rows) {
    it(story, () => {
      expect(resolveRoleConflict({ localRole, localTieBreaker, attr, remoteTieBreaker })).to.equal(want);
    });
  }

  it('maps roles to their attribute and opposite', () => {
    expect([roleAttributeFor('controlling'), roleAttributeFor('controlled')]).to.deep.equal(['ICE-CONTROLLING', 'ICE-CONTROLLED']);
    expect([oppositeRole('controlling'), oppositeRole('controlled')]).to.deep.equal(['controlled', 'controlling']);
  });
});
