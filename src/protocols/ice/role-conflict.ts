/**
 * ICE roles (RFC 8445 §6.1.1) and role-conflict repair on receiving a Binding request (§7.3.1.1).
 */

/** The two ICE roles (RFC 8445 §6.1.1). */
export type IceRole = 'controlling' | 'controlled';

/** The role attribute found in a received Binding request (RFC 8445 §7.1.3). */
export type RoleAttribute = 'ICE-CONTROLLING' | 'ICE-CONTROLLED';

/** What to do with a request, per RFC 8445 §7.3.1.1. */
export type RoleConflictOutcome =
  /** Answer 487 (Role Conflict) and keep the current role. */
  | 'reply-487'
  /** Switch to the other role (and recompute pair priorities), then process the request normally. */
  | 'switch-role'
  /** The roles differ: process normally. */
  | 'no-conflict';

/** Input to `resolveRoleConflict`. Tie-breakers are unsigned 64-bit values. */
export interface RoleConflictInput {
  readonly localRole: IceRole;
  readonly localTieBreaker: bigint;
  readonly attr: RoleAttribute;
  readonly remoteTieBreaker: bigint;
}

/**
 * The table of RFC 8445 §7.3.1.1:
 * - controlling + ICE-CONTROLLING: mine ≥ theirs ⇒ reply 487; mine < theirs ⇒ switch to controlled;
 * - controlled + ICE-CONTROLLED: mine ≥ theirs ⇒ switch to controlling; mine < theirs ⇒ reply 487;
 * - otherwise no conflict.
 */
export function resolveRoleConflict(input: RoleConflictInput): RoleConflictOutcome {
  const { localRole, localTieBreaker, attr, remoteTieBreaker } = input;
  const mineWins = localTieBreaker >= remoteTieBreaker;
  if (localRole === 'controlling' && attr === 'ICE-CONTROLLING') return mineWins ? 'reply-487' : 'switch-role';
  if (localRole === 'controlled' && attr === 'ICE-CONTROLLED') return mineWins ? 'switch-role' : 'reply-487';
  return 'no-conflict';
}

/** The other role. */
export function oppositeRole(role: IceRole): IceRole {
  return role === 'controlling' ? 'controlled' : 'controlling';
}

/** The role attribute an agent in `role` puts in its checks (RFC 8445 §7.1.3). */
export function roleAttributeFor(role: IceRole): RoleAttribute {
  return role === 'controlling' ? 'ICE-CONTROLLING' : 'ICE-CONTROLLED';
}
