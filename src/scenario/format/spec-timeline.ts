/** Typed timeline of a scenario: triggers and actions. */
import type { NatPresetName, NodeEventKind } from './constants';
import type { EndpointSpec } from './spec-agents';
import type { LinkPropsPatch, NatBehaviourSpec, SourceRef } from './spec-types';

/** An event reference: an agent event (agent set) or a trace event kind at a node or network (node set). */
export type EventRef = (
  | { readonly agent: string; readonly node: null; readonly event: string }
  | { readonly agent: null; readonly node: string; readonly event: NodeEventKind }
) & {
  /** Values the event's data must have (each key equal), e.g. `{ viaRelay: true }`; null = any data. */
  readonly data: Readonly<Record<string, EventDataValue>> | null;
};
/** A value to match in an event's data. */
export type EventDataValue = string | number | boolean;

/** When a timeline entry runs. */
export type TriggerSpec =
  | { readonly kind: 'at'; readonly atMs: number }
  | { readonly kind: 'after'; readonly event: EventRef; readonly delayMs: number };

/** What a timeline entry does. */
export type TimelineAction =
  | { readonly kind: 'start' | 'stop'; readonly agents: readonly string[] }
  | { readonly kind: 'sleep' | 'wake'; readonly hosts: readonly string[] }
  | {
      readonly kind: 'send';
      readonly host: string;
      readonly port: number;
      readonly to: EndpointSpec;
      readonly count: number;
      readonly sizeBytes: number;
      readonly everyMs: number;
    }
  | { readonly kind: 'set-link'; readonly network: string; readonly node: string | null; readonly patch: LinkPropsPatch }
  | { readonly kind: 'reboot-nat'; readonly nat: string; readonly externalIp: string | null }
  | { readonly kind: 'set-nat'; readonly nat: string; readonly preset: NatPresetName | null; readonly behaviour: NatBehaviourSpec }
  | {
      readonly kind: 'move';
      readonly host: string;
      readonly fromNetwork: string;
      readonly network: string;
      readonly ip: string;
      readonly gateway: string | null;
    };

/** One timeline entry. */
export interface TimelineEntry {
  readonly trigger: TriggerSpec;
  readonly action: TimelineAction;
  readonly description: string;
  readonly source: SourceRef;
}
