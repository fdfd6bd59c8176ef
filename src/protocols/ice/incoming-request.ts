/**
 * STUN server side of a full ICE agent (RFC 8445 §7.3.1): role conflicts (§7.3.1.1), learning peer-reflexive
 * remote candidates (§7.3.1.3), triggered checks (§7.3.1.4) and USE-CANDIDATE for the controlled agent (§7.3.1.5).
 */
import { candidateAt, sameTransportAddress } from './candidate';
import type { Checklist } from './checklist';
import { formPair, learnRemotePrflx } from './checklist-candidates';
import type { ChecklistContext } from './checklist-context';
import type { IncomingCheck, RequestDecision } from './effects';
import type { PairRecord } from './pair';
import { oppositeRole, resolveRoleConflict } from './role-conflict';

/** @internal called through Checklist.onRequest */
export function handleIncomingRequest(list: Checklist, ctx: ChecklistContext, req: IncomingCheck): RequestDecision {
  const { result, effects } = ctx.capture(() => processRequest(list, ctx, req));
  return { ...result, effects };
}

function processRequest(list: Checklist, ctx: ChecklistContext, req: IncomingCheck): Omit<RequestDecision, 'effects'> {
  if (req.role) {
    const outcome = resolveRoleConflict({
      localRole: ctx.role,
      localTieBreaker: ctx.tieBreaker,
      attr: req.role.attr,
      remoteTieBreaker: req.role.tieBreaker,
    });
    // §7.3.1.1: a 487 ends processing; a switch continues with the new role.
    if (outcome === 'reply-487') return { response: 'error-487' };
    if (outcome === 'switch-role') ctx.switchRole(oppositeRole(ctx.role));
  }
  // §7.3.1.4: the local candidate is the host or relayed candidate the request arrived on, never a srflx. Over TCP
  // (RFC 6544 §7.2) it is the candidate the connection belongs to: the passive or so one it was accepted or opened
  // on, or the active one whose connection (any ephemeral port) carried our check.
  // An exact address match first: an active candidate matches any port of its address, which would also take a
  // connection that belongs to the so or passive candidate on that address.
  const owners = list.locals.filter((l) => (l.type === 'host' || l.type === 'relay') && candidateAt(l, req.local));
  const local = owners.find((l) => sameTransportAddress(l, req.local)) ?? owners[0];
  if (!local) return { response: 'success', note: 'unknown-local' };
  const component = local.component;
  // §8.1.2: after nomination, keep answering but stop generating triggered checks for the component.
  if (list.nominatedPair(component)) return { response: 'success', note: 'component-nominated' };
  const remote =
    list.remotes.find((r) => r.component === component && sameTransportAddress(r, req.source)) ??
    learnRemotePrflx(list, ctx, req.source, local, req.priority); // §7.3.1.3
  const pair = triggerCheck(list, ctx, list.findPair(component, local, remote) ?? formPair(list, ctx, local, remote, true));
  if (!pair) return { response: 'success' };
  if (req.useCandidate && ctx.role === 'controlled') {
    // §7.3.1.5: nominate now if the pair already succeeded, else when its triggered check succeeds.
    if (pair.state === 'Succeeded') list.markNominated(pair.validPair ?? pair, pair);
    else pair.peerNominated = true;
  }
  list.updateState();
  return { response: 'success', pair };
}

/** §7.3.1.4: Succeeded ⇒ nothing; In-Progress ⇒ cancel and re-queue; Waiting/Frozen/Failed (or new) ⇒ Waiting + queue. */
function triggerCheck(list: Checklist, ctx: ChecklistContext, pair: PairRecord | undefined): PairRecord | undefined {
  if (!pair || pair.state === 'Succeeded') return pair;
  if (pair.state === 'In-Progress' && pair.activeCheckId !== undefined) {
    ctx.emit({ kind: 'cancel-check', checkId: pair.activeCheckId, pair });
    pair.activeCheckId = undefined;
  }
  list.setPairState(pair, 'Waiting');
  list.enqueueTriggered(pair);
  return pair;
}
