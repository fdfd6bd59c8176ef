/**
 * What a checklist needs from the session that owns it (the checklist set of RFC 8445 §6.1.2): the role, the
 * effect log, and the foundation-wide operations that span all checklists (§6.1.2.6, §6.1.4.2, §7.2.5.3.3).
 */
import type { Nat64Prefix } from '../../net/nat64-prefix';
import type { TypePreferences } from './candidate-priority';
import type { IceEffect } from './effects';
import type { IceRole } from './role-conflict';

/** Implemented by IceSession; checklists call back into it. */
export interface ChecklistContext {
  readonly role: IceRole;
  readonly tieBreaker: bigint;
  readonly typePreferences: TypePreferences;
  /** True once initial pair states were computed (§6.1.2.6). */
  readonly started: boolean;
  /** True when candidates trickle in (RFC 8838): a checklist may not fail before end-of-candidates on both sides. */
  readonly trickle: boolean;
  /** The NAT64 prefix of an IPv6-only agent: remote IPv4 candidates get synthesised IPv6 twins (RFC 8445 §5.1.1.1). */
  readonly nat64Prefix: Nat64Prefix | undefined;
  /** Records an effect in the current operation's log. */
  emit(effect: IceEffect): void;
  /** Runs `fn`, returning what it returned and the effects it emitted. */
  capture<T>(fn: () => T): { readonly result: T; readonly effects: IceEffect[] };
  /** True when any checklist has a pair of this foundation in Waiting or In-Progress (§6.1.4.2 step 2). */
  isFoundationActive(foundation: string): boolean;
  /** True when any checklist has a Succeeded pair of this foundation. */
  hasSucceededFoundation(foundation: string): boolean;
  /** Sets every Frozen pair of this foundation, in all checklists, to Waiting (§7.2.5.3.3). */
  unfreezeFoundation(foundation: string): void;
  /** Drops lowest-priority pairs while the checklist set exceeds the pair limit (§6.1.2.5). */
  enforcePairLimit(): void;
  /** Switches role, optionally changing the tie-breaker, and recomputes all pair priorities (§7.2.5.1, §7.3.1.1). */
  switchRole(role: IceRole, newTieBreaker?: bigint): void;
}
