/**
 * STUN client side of a connectivity check (RFC 8445 §7.2.5): role conflict (§7.2.5.1), failures (§7.2.5.2),
 * success with peer-reflexive discovery, valid pair construction, unfreezing and nomination (§7.2.5.3), and the
 * checklist state update that follows every outcome (§7.2.5.4).
 */
import { candidateAt, sameTransportAddress, type Candidate, type TransportAddress } from './candidate';
import type { Checklist } from './checklist';
import { learnLocalPrflx } from './checklist-candidates';
import type { ChecklistContext } from './checklist-context';
import type { CheckFailureReason, CheckOutcome, CheckResponse } from './effects';
import { PairRecord } from './pair';
import { oppositeRole, type IceRole } from './role-conflict';

/** What the session remembers about a check it handed out. @internal */
export interface CheckRecord {
  readonly id: number;
  readonly list: Checklist;
  readonly pair: PairRecord;
  readonly from: TransportAddress;
  readonly to: TransportAddress;
  /** PRIORITY attribute sent. */
  readonly priority: number;
  readonly useCandidate: boolean;
  readonly role: IceRole;
  readonly sentAt: number;
}

type Outcome = Omit<CheckOutcome, 'effects'>;

/** True when a check's outcome still decides the pair's fate (not cancelled, not superseded). */
function isActive(rec: CheckRecord): boolean {
  return rec.pair.activeCheckId === rec.id;
}

/** True when the check was a nomination: USE-CANDIDATE sent, or (controlled) triggered by one (§7.2.5.3.4). */
function isNomination(ctx: ChecklistContext, rec: CheckRecord): boolean {
  return (rec.useCandidate && rec.role === 'controlling') || (ctx.role === 'controlled' && rec.pair.peerNominated);
}

/** A success response arrived (§7.2.5.2.1 symmetry check, then §7.2.5.3). @internal */
export function applySuccess(ctx: ChecklistContext, rec: CheckRecord, res: CheckResponse, now: number): Outcome {
  const { list, pair } = rec;
  if (!pair.inChecklist) return { ignored: 'pair-removed' };
  // The response came back over the pair's transport (for TCP, the check's own connection, RFC 6544 §7.1).
  const transport = pair.local.transport;
  const source = { ...res.source, transport };
  const destination = { ...res.destination, transport };
  const mapped = { ...res.mappedAddress, transport };
  // §7.2.5.2.1; over TCP the local end of an active candidate's connection has an ephemeral port (RFC 6544 §4.5).
  if (!sameTransportAddress(source, rec.to) || !atBase(pair.local, destination)) {
    return applyFailure(ctx, rec, 'non-symmetric');
  }
  // §7.2.5.3.1: an unknown mapped address is a new local peer-reflexive candidate with the PRIORITY we sent.
  const local = findLocal(list, mapped, pair.local) ?? learnLocalPrflx(list, ctx, mapped, pair.local, rec.priority);
  const valid = validPairFor(ctx, list, pair, local);
  // §7.2.5.3.3: the checked pair and the valid pair succeed; Frozen pairs of the same foundation wake up. A late
  // success of a superseded check (cancelled and sent again, §7.3.1.4) still yields the valid pair, but when the
  // pair's check in flight is the controlling agent's USE-CANDIDATE check, the pair stays In-Progress for it: only
  // that check's outcome nominates or fails the nomination (§7.2.5.3.4). Settling the pair here would orphan it (its
  // timeout would count as a cancelled check's) and the controlling agent would wait for its nomination forever.
  const nominationInFlight = !isActive(rec) && !isNomination(ctx, rec) && pair.activeCheckId !== undefined && pair.nominating && ctx.role === 'controlling';
  if (!nominationInFlight) list.setPairState(pair, 'Succeeded');
  if (valid !== pair) {
    if (valid.inChecklist) list.setPairState(valid, 'Succeeded');
    else valid.state = 'Succeeded';
  }
  pair.validPair = valid;
  valid.rttMs = now - rec.sentAt;
  list.addValid(valid);
  ctx.unfreezeFoundation(pair.foundation);
  if (isNomination(ctx, rec)) list.markNominated(valid, pair); // §7.2.5.3.4
  list.updateState();
  return { validPair: valid };
}

/** A check failed: timeout, error response, ICMP or non-symmetric addresses (§7.2.5.2). @internal */
export function applyFailure(ctx: ChecklistContext, rec: CheckRecord, reason: CheckFailureReason): Outcome {
  const { list, pair } = rec;
  if (!pair.inChecklist) return { ignored: 'pair-removed' };
  // §7.3.1.4: a cancelled check's silence or error is not a failure of the pair.
  if (!isActive(rec)) return { ignored: 'cancelled' };
  ctx.emit({ kind: 'check-failed', checkId: rec.id, pair, reason });
  if (isNomination(ctx, rec)) list.failNomination(pair);
  else list.setPairState(pair, 'Failed');
  list.updateState();
  return {};
}

/** A 487 Role Conflict response (§7.2.5.1): switch role, change tie-breaker, re-queue the pair. @internal */
export function applyRoleConflict(ctx: ChecklistContext, rec: CheckRecord, newTieBreaker: bigint): Outcome {
  const { list, pair } = rec;
  if (ctx.role === rec.role) ctx.switchRole(oppositeRole(rec.role), newTieBreaker);
  if (!pair.inChecklist) return { ignored: 'pair-removed' };
  if (pair.state === 'Succeeded' && !isActive(rec)) return { ignored: 'cancelled' };
  pair.activeCheckId = undefined;
  list.setPairState(pair, 'Waiting');
  list.enqueueTriggered(pair);
  list.updateState();
  return {};
}

/** True when `at` is the base of `c` (for an active TCP candidate, any port of the base IP: RFC 6544 §4.5). */
function atBase(c: Candidate, at: TransportAddress): boolean {
  return candidateAt({ ...c, address: c.baseAddress, port: c.basePort }, at);
}

/** The local candidate at `mapped`, preferring one with the same base as the sender. */
function findLocal(list: Checklist, mapped: TransportAddress, sentFrom: Candidate): Candidate | undefined {
  const matches = list.locals.filter((l) => l.component === sentFrom.component && l.tcpType === sentFrom.tcpType && candidateAt(l, mapped));
  return matches.find((l) => l.baseAddress === sentFrom.baseAddress && l.basePort === sentFrom.basePort) ?? matches[0];
}

/**
 * §7.2.5.3.2: the valid pair is (mapped address, request destination): the checked pair itself (case 1), another
 * checklist pair (case 2), or a new pair outside the checklist, prioritised from the candidates' priorities (case 3).
 */
function validPairFor(ctx: ChecklistContext, list: Checklist, pair: PairRecord, local: Candidate): PairRecord {
  if (local === pair.local || sameTransportAddress(local, pair.local)) return pair;
  const same = (p: PairRecord) => p.component === pair.component && sameTransportAddress(p.local, local) && sameTransportAddress(p.remote, pair.remote);
  return list.pairRecords.find(same) ?? list.validRecords.find(same) ?? new PairRecord(list.streamId, local, pair.remote, ctx.role);
}
