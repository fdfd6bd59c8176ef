/**
 * The interactive report's model, built in the browser from the embedded ReportData: the whole ladder (every
 * packet), each packet's events, the mapping history, the milestones and the end of the run. Pure functions over
 * the trace, the same ones Node uses for report.md.
 */
import type { AgentEvent, TraceEvent } from '../../../sim/trace-events';
import { mappingHistory, NatMappings } from '../../mapping-history';
import { traceEventsFromJson } from '../../trace-from-json';
import { agentSentence, MILESTONE_EVENTS } from '../agent-sentence';
import { buildLadder, LadderModel } from '../ladder-model';
import type { ReportData } from '../report-data';

/** A labelled point in time to jump to: a timeline action or an agent milestone. */
export interface Milestone {
  readonly t: number;
  /** Index of the event in the trace. */
  readonly idx: number;
  readonly label: string;
  /** `timeline` for scenario actions, otherwise the agent event name (e.g. `connected`). */
  readonly kind: string;
}

/** Everything the page draws from. */
export interface ViewerModel {
  readonly data: ReportData;
  readonly events: readonly TraceEvent[];
  readonly ladder: LadderModel;
  /** key: packet id; value: indices of its events in `events`, in order. */
  readonly packetEvents: ReadonlyMap<number, readonly number[]>;
  readonly mappings: readonly NatMappings[];
  readonly milestones: readonly Milestone[];
  /** Names of the nodes that are NATs (their mapping tables are shown). */
  readonly nats: readonly string[];
  /** Agent names seen in the trace, sorted. */
  readonly agents: readonly string[];
  /** End of the run (µs). */
  readonly endUs: number;
}

/** Agent name used for scenario timeline actions (scenario/timeline's TIMELINE_AGENT; reports cannot import it). */
const TIMELINE = 'timeline';

function milestones(events: readonly TraceEvent[]): Milestone[] {
  const out: Milestone[] = [];
  events.forEach((ev, idx) => {
    if (ev.kind === 'agent' && (ev.agent === TIMELINE || MILESTONE_EVENTS.has(ev.event))) {
      out.push({ t: ev.t, idx, kind: ev.agent === TIMELINE ? TIMELINE : ev.event, label: `${ev.node}: ${agentSentence(ev as AgentEvent)}` });
    }
  });
  return out;
}

/** Builds the model from the embedded data. */
export function buildViewerModel(data: ReportData): ViewerModel {
  const events = traceEventsFromJson(data.events);
  const packetEvents = new Map<number, number[]>();
  const agents = new Set<string>();
  let endUs = Math.max(1, Math.round(data.stats.virtualTimeMs * 1000));
  events.forEach((ev, i) => {
    if (ev.t > endUs) endUs = ev.t;
    if ('pkt' in ev) {
      const list = packetEvents.get(ev.pkt.id);
      if (list) list.push(i); else packetEvents.set(ev.pkt.id, [i]);
    } else if (ev.kind === 'agent') agents.add(ev.agent);
  });
  const nats = data.topology.nodes.filter((n) => n.kind === 'nat').map((n) => n.name);
  return {
    data, events, packetEvents, nats, endUs,
    ladder: buildLadder(data.topology, events, { maxPackets: Infinity, order: data.order }),
    mappings: mappingHistory(events, nats),
    milestones: milestones(events),
    agents: [...agents].sort(),
  };
}
