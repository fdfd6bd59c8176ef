/**
 * Candidate bookkeeping of a checklist: adding local and remote candidates, forming and pruning pairs (RFC 8445
 * §6.1.2.2-6.1.2.5, RFC 8838 for trickled ones), and learning peer-reflexive candidates (§7.2.5.3.1, §7.3.1.3).
 */
import { createCandidate, sameTransportAddress, type Candidate, type TransportAddress } from './candidate';
import type { Checklist } from './checklist';
import type { ChecklistContext } from './checklist-context';
import { computeFoundation } from './foundation';
import { PairRecord } from './pair';
import { canPair, checksFromLocal, pairedTcpType } from './pairing-rules';
import { isRedundantWith } from './redundant-candidates';

/** Adds a local candidate, dropping it if redundant (§5.1.3), and pairs it with the remotes. @internal */
export function insertLocal(list: Checklist, ctx: ChecklistContext, c: Candidate): void {
  const dup = list.locals.find((l) => isRedundantWith(l, c));
  if (dup) {
    if (dup.priority < c.priority) replaceCandidate(list, ctx, list.locals, dup, c, 'local');
    return;
  }
  list.locals.push(c);
  if (c.type !== 'prflx') {
    const sending = sendingCandidate(list, c);
    // Learned prflx remotes are not paired with other locals (RFC 8445 §7.3.1.3).
    for (const r of list.remotes) if (r.component === c.component && !list.learnedRemotes.has(r)) formPair(list, ctx, sending, r);
  }
  list.updateState();
}

/** Adds a remote candidate and pairs it; a learned prflx at the same address takes the signalled values. @internal */
export function insertRemote(list: Checklist, ctx: ChecklistContext, c: Candidate): void {
  const existing = list.remotes.find((r) => r.component === c.component && sameTransportAddress(r, c));
  if (existing) {
    // RFC 8445 §7.3.1.3: later signalling gives a learned prflx its actual foundation; else keep the better one.
    if (!list.learnedRemotes.has(existing) && existing.priority >= c.priority) return;
    list.learnedRemotes.delete(existing);
    replaceCandidate(list, ctx, list.remotes, existing, c, 'remote');
    ctx.emit({ kind: 'remote-candidate-updated', streamId: list.streamId, candidate: c });
  } else {
    list.remotes.push(c);
  }
  for (const l of list.locals) {
    if (l.component === c.component && l.type !== 'prflx') formPair(list, ctx, sendingCandidate(list, l), c);
  }
  list.updateState();
}

/**
 * Forms the checklist pair (local, remote) unless they may not pair (address family, transport, TCP direction:
 * pairing-rules.ts) or a redundant pair (same local base, same remote) of higher priority exists (§6.1.2.2,
 * §6.1.2.4). A passive TCP local is pruned (RFC 6544 §6.2) unless `triggered`: a request arrived over a connection
 * the peer opened to it, and the triggered check goes back over that connection (RFC 6544 §7.2). Returns the pair on
 * the checklist for that (base, remote), if any. After start, a new pair is Waiting when its foundation succeeded or
 * is idle (RFC 8838).
 * @internal
 */
export function formPair(list: Checklist, ctx: ChecklistContext, local: Candidate, remote: Candidate, triggered = false): PairRecord | undefined {
  if (!canPair(local, remote) || (!triggered && !checksFromLocal(local))) return undefined;
  const pair = new PairRecord(list.streamId, local, remote, ctx.role);
  const existing = list.pairRecords.find(
    (p) =>
      p.component === local.component &&
      p.local.transport === local.transport &&
      p.local.tcpType === local.tcpType &&
      p.local.baseAddress === local.baseAddress &&
      p.local.basePort === local.basePort &&
      sameTransportAddress(p.remote, remote),
  );
  if (existing) {
    if (existing.priority >= pair.priority || !(existing.state === 'Frozen' || existing.state === 'Waiting')) return existing;
    list.removePair(existing, 'redundant');
  }
  pair.inChecklist = true;
  list.pairRecords.push(pair);
  ctx.emit({ kind: 'pair-added', pair });
  if (ctx.started && (ctx.hasSucceededFoundation(pair.foundation) || !ctx.isFoundationActive(pair.foundation))) {
    list.setPairState(pair, 'Waiting');
  }
  ctx.enforcePairLimit();
  return pair.inChecklist ? pair : undefined;
}

/**
 * A learned peer-reflexive remote candidate (RFC 8445 §7.3.1.3): PRIORITY from the request, a fresh foundation.
 * Over TCP its tcptype is the one that pairs with the local candidate the request arrived on (RFC 6544 §7.2: a
 * connection accepted on a passive candidate comes from an active one). @internal
 */
export function learnRemotePrflx(list: Checklist, ctx: ChecklistContext, source: TransportAddress, arrivedOn: Candidate, priority: number): Candidate {
  let foundation: string;
  do foundation = `prflx${++list.prflxCount}`;
  while (list.remotes.some((r) => r.foundation === foundation));
  const tcp = arrivedOn.transport === 'tcp' && arrivedOn.tcpType !== undefined;
  const c: Candidate = {
    type: 'prflx',
    component: arrivedOn.component,
    transport: arrivedOn.transport,
    ...(tcp ? { tcpType: pairedTcpType(arrivedOn.tcpType!) } : {}),
    address: source.address,
    port: source.port,
    baseAddress: source.address,
    basePort: source.port,
    priority: priority >>> 0,
    foundation,
  };
  list.remotes.push(c);
  list.learnedRemotes.add(c);
  ctx.emit({ kind: 'remote-candidate-learned', streamId: list.streamId, candidate: c });
  return c;
}

/**
 * A learned peer-reflexive local candidate (RFC 8445 §7.2.5.3.1): base = sender's base, priority = PRIORITY sent;
 * over TCP it keeps the sender's tcptype (the mapped address is the NAT's side of the same connection). @internal
 */
export function learnLocalPrflx(list: Checklist, ctx: ChecklistContext, mapped: TransportAddress, sentFrom: Candidate, priority: number): Candidate {
  const base = { address: sentFrom.baseAddress, port: sentFrom.basePort };
  const c = createCandidate({
    type: 'prflx',
    component: sentFrom.component,
    address: mapped.address,
    port: mapped.port,
    transport: sentFrom.transport,
    ...(sentFrom.tcpType !== undefined ? { tcpType: sentFrom.tcpType } : {}),
    base,
    priority,
    foundation: computeFoundation({ type: 'prflx', baseAddress: base.address, transport: sentFrom.transport }),
  });
  list.locals.push(c);
  ctx.emit({ kind: 'local-candidate-learned', streamId: list.streamId, candidate: c });
  return c;
}

/** A reflexive local candidate is replaced by its base for pairing (§6.1.2.4) when the base is a known candidate. */
function sendingCandidate(list: Checklist, c: Candidate): Candidate {
  if (c.type !== 'srflx' && c.type !== 'prflx') return c;
  const base = list.locals.find(
    (l) =>
      l.component === c.component &&
      (l.type === 'host' || l.type === 'relay') &&
      l.transport === c.transport &&
      l.tcpType === c.tcpType &&
      l.address === c.baseAddress &&
      l.port === c.basePort,
  );
  return base ?? c;
}

/** Swaps a candidate for a better one everywhere it is used, recomputing the affected pairs. */
function replaceCandidate(list: Checklist, ctx: ChecklistContext, within: Candidate[], old: Candidate, c: Candidate, side: 'local' | 'remote'): void {
  within[within.indexOf(old)] = c;
  for (const p of new Set([...list.pairRecords, ...list.validRecords])) {
    if (side === 'local' && p.local === old) p.local = c;
    else if (side === 'remote' && p.remote === old) p.remote = c;
    else continue;
    p.refresh(ctx.role);
  }
}
