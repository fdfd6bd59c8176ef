/**
 * ICE agents that must conclude: no agent may stay 'checking' for ever, and neither may stay much longer than the
 * checks it still has in flight.
 * - A retransmitted check request gets its first response again without new ICE processing (RFC 8489 §6.3.1), so
 *   the peer's 7 retransmissions cannot restart the triggered check it caused (RFC 8445 §7.3.1.4) 7 times.
 * - A late success of a superseded check does not orphan the controlling agent's USE-CANDIDATE check (§7.2.5.3.4).
 * - A controlled agent holding a valid pair gives up on a silent controlling agent that never nominates (§8.1.1).
 */
import { expect } from 'chai';
import type { IceAgentInit } from '../../../src/agents/ice';
import { SignalingChannel } from '../../../src/agents/signaling';
import { buildPairWorld, cellAgentInit } from '../../../src/matrix';
import type { NatInit } from '../../../src/nat/nat-config';
import { StunMessage, StunMethod, decode, encode, newTransactionId, shortTermKey } from '../../../src/protocols/stun';
import type { PlannedCheck } from '../../../src/protocols/ice';
import { TraceRecorder } from '../../../src/sim/trace';
import { effectsOf, host, sessionWith } from '../../protocols/ice/fixtures';
import { agentEvents, lanWorld, recordingAgent, type TestAgent } from './helpers';

const EIM_APDF: NatInit = { mapping: 'endpoint-independent', filtering: 'address-and-port-dependent' };
const SYMMETRIC: NatInit = { preset: 'symmetric' };

/** alice (controlling) behind `a`, bob (controlled) behind `b`, run until both settle or 120 s. */
function pair(a: NatInit, b: NatInit, turn: boolean) {
  const pw = buildPairWorld({ alice: [a], bob: [b], turn, world: { seed: 1 } });
  const trace = new TraceRecorder(pw.world.sim.trace);
  const signaling = SignalingChannel.forWorld(pw.world, { delayMs: 50 });
  const mk = (side: 'alice' | 'bob'): TestAgent => recordingAgent(pw.world, side, { ...cellAgentInit(side, turn), signaling: signaling.endpoint(side) });
  const alice = mk('alice');
  const bob = mk('bob');
  pw.world.runFor(1);
  alice.agent.start();
  bob.agent.start();
  const settled = (x: TestAgent) => x.agent.state === 'connected' || x.agent.state === 'failed';
  pw.world.runUntil(() => settled(alice) && settled(bob), 120_000);
  return { world: pw.world, trace, alice, bob };
}

/** [state, virtual ms of its 'connected' or 'failed' callback]. */
const outcome = (x: TestAgent): [string, number | undefined] => [x.agent.state, x.events.find((e) => e.event === 'connected' || e.event === 'failed')?.at];

describe('ICE agent: concludes instead of staying in checking', () => {
  it("eim-apdf vs symmetric with filteringScope 'endpoint' on the symmetric side: both fail by 39.7 s (was bob at 71.1 s)", () => {
    // bob's NAT admits alice's checks to his STUN mapping (the mapping towards alice's srflx counts), so each of
    // alice's 7 transmissions reaches bob, while bob's answers and checks die at alice's port-restricted filter.
    const p = pair(EIM_APDF, { ...SYMMETRIC, filteringScope: 'endpoint' }, false);
    expect(outcome(p.alice)).to.deep.equal(['failed', 39_601]); // last check sent at 101 ms + 39.5 s transaction timeout
    expect(outcome(p.bob)).to.deep.equal(['failed', 39_651]); // the one triggered check, sent at 151 ms, + 39.5 s
    expect(p.bob.events.find((e) => e.event === 'failed')!.data).to.include({ reason: 'no-valid-pair' });
    const triggered = agentEvents(p.trace, 'bob', 'ice', 'check').filter((e) => e.data!.triggered === true);
    expect(triggered.map((e) => e.t / 1000)).to.deep.equal([151]); // not re-sent for each of alice's retransmissions
    expect(p.bob.agent.stats.checksReceived).to.equal(7); // every retransmission was still answered
  });

  it("the reported setting (filteringScope 'endpoint' on the EIM side, where one mapping per endpoint makes it the same as 'mapping') fails on both sides at 39.6 s", () => {
    const p = pair({ ...EIM_APDF, filteringScope: 'endpoint' }, SYMMETRIC, false);
    expect([outcome(p.alice), outcome(p.bob)]).to.deep.equal([['failed', 39_601], ['failed', 39_601]]);
  });

  it('with TURN the same cell connects through the relay on both sides', () => {
    const p = pair(EIM_APDF, { ...SYMMETRIC, filteringScope: 'endpoint' }, true);
    expect([outcome(p.alice), outcome(p.bob)]).to.deep.equal([['connected', 2095], ['connected', 2073]]);
    expect(p.alice.agent.selectedPair!.viaRelay).to.equal(true);
  });
});

describe('ICE agent: a controlled agent whose controlling peer never nominates', () => {
  /**
   * alice's outbound link is down for the first second: she hears bob's checks but her answers and her own checks
   * are lost. She sends each check once (checkRc 1), so her only pair fails at 600 ms. bob's third transmission, at
   * 1550 ms, is answered once the link is back and gives him a valid pair; but alice has failed and never nominates
   * (RFC 8445 §8.1.1 would have her tell bob by means outside ICE; natsim's signaling has none).
   */
  function silentController(bobInit: IceAgentInit = {}) {
    const world = lanWorld();
    const trace = new TraceRecorder(world.sim.trace);
    const signaling = SignalingChannel.forWorld(world, { delayMs: 50 });
    const alice = recordingAgent(world, 'alice', { role: 'controlling', signaling: signaling.endpoint('alice'), checkRc: 1, checkRm: 1 });
    const bob = recordingAgent(world, 'bob', { role: 'controlled', signaling: signaling.endpoint('bob'), ...bobInit });
    const link = world.getHost('alice').ifaces[0].channel;
    link.configure({ up: false });
    alice.agent.start();
    bob.agent.start();
    world.runFor(1000);
    link.configure({ up: true });
    return { world, trace, alice, bob };
  }

  it('fails with reason no-nomination consentTimeoutMs (30 s) after it last heard from the peer', () => {
    const p = silentController();
    p.world.runFor(60_000);
    expect(outcome(p.alice)).to.deep.equal(['failed', 600]);
    const valid = agentEvents(p.trace, 'bob', 'ice', 'valid-pair');
    expect(valid.map((e) => e.t / 1000)).to.deep.equal([1552]); // the response to bob's 3rd transmission
    expect(outcome(p.bob)).to.deep.equal(['failed', 31_552]);
    const failed = p.bob.events.find((e) => e.event === 'failed')!;
    expect(failed.data).to.include({ reason: 'no-nomination' });
    expect(String(failed.data.detail)).to.match(/^1 valid pair but no nomination .* last heard from at 1552 ms \(30000 ms of silence\)$/);
  });

  it('waits as long as the peer keeps talking: a shorter consentTimeoutMs gives up sooner', () => {
    const p = silentController({ consentTimeoutMs: 12_000 });
    p.world.runFor(60_000);
    expect(outcome(p.bob)).to.deep.equal(['failed', 13_552]);
  });

  it('after giving up, refuses a late nomination with an authenticated 400 (RFC 8445 §7.3.1.5)', () => {
    const p = silentController();
    p.world.runFor(40_000);
    expect(p.bob.agent.state).to.equal('failed');
    const bobCreds = p.bob.agent.localCredentials!;
    const aliceCreds = p.alice.agent.localCredentials!;
    const bobHost = p.bob.agent.checklist!.localCandidates()[0];
    const aliceHost = p.alice.agent.checklist!.localCandidates()[0];
    // A USE-CANDIDATE check from alice's host socket, as a late controlling agent would send it.
    const env = p.world.getHost('alice').env('probe');
    const sock = env.createSocket();
    const replies: number[] = [];
    sock.on('message', (m) => {
      const r = decode(m);
      if (r.ok && r.message.class === 'error') replies.push(r.message.get('ERROR-CODE')!.code);
    });
    sock.bind(0, aliceHost.address, () => {
      const req = StunMessage.request(StunMethod.Binding, newTransactionId(env.random))
        .add('USERNAME', `${bobCreds.ufrag}:${aliceCreds.ufrag}`)
        .add('PRIORITY', 1)
        .add('ICE-CONTROLLING', 5n)
        .add('USE-CANDIDATE');
      sock.send(encode(req, { integrity: { key: shortTermKey(bobCreds.pwd) }, fingerprint: true }), bobHost.port, bobHost.address);
    });
    p.world.runFor(100);
    expect(replies).to.deep.equal([400]);
    expect(p.bob.agent.state).to.equal('failed');
    expect(p.bob.agent.checklist!.nominatedPair(1)).to.equal(undefined);
  });
});

describe('ICE core: a late success of a superseded check and the USE-CANDIDATE check in flight', () => {
  /** Controlling session, one pair: check 1 cancelled by a peer request, check 2 re-sent, check 1 succeeds late. */
  function nominationInFlight() {
    const { session, list } = sessionWith([host('10.0.0.1', 5000)], [host('10.1.0.1', 7000)]);
    session.start();
    const first = session.nextCheck(0) as PlannedCheck;
    // §7.3.1.4: a request from the peer on the In-Progress pair cancels check 1 and queues a triggered check.
    list.onRequest({ local: first.from, source: first.to, priority: 1, useCandidate: false, role: { attr: 'ICE-CONTROLLED', tieBreaker: 1n } });
    const second = session.nextCheck(50) as PlannedCheck;
    const ok = (c: PlannedCheck, now: number) => session.onCheckSuccess(c.checkId, { source: c.to, destination: c.from, mappedAddress: c.from }, now);
    ok(first, 60); // the cancelled check still counts (§7.3.1.4): the pair is valid
    list.nominate(1);
    const nomination = session.nextCheck(100) as PlannedCheck;
    expect(nomination.useCandidate).to.equal(true);
    const late = ok(second, 200); // check 2's success arrives while the USE-CANDIDATE check is in flight
    expect(late.ignored).to.equal(undefined);
    expect(list.pairs()[0].state).to.equal('In-Progress');
    return { session, list, nomination };
  }

  it('still nominates when the USE-CANDIDATE check succeeds', () => {
    const { session, list, nomination } = nominationInFlight();
    const out = session.onCheckSuccess(nomination.checkId, { source: nomination.to, destination: nomination.from, mappedAddress: nomination.from }, 300);
    expect(effectsOf(out.effects, 'nominated')).to.have.length(1);
    expect(list.state).to.equal('Completed');
  });

  it('fails the checklist when the USE-CANDIDATE check times out, instead of ignoring it as cancelled', () => {
    const { session, list, nomination } = nominationInFlight();
    const out = session.onCheckFailure(nomination.checkId, 'timeout');
    expect(out.ignored).to.equal(undefined);
    expect(effectsOf(out.effects, 'nomination-failed')).to.have.length(1);
    expect(list.state).to.equal('Failed');
  });
});
