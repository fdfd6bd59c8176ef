/**
 * Errors inside a run: a socket error an agent or a timeline `send` reports (EADDRINUSE, ENETUNREACH, ...), or an
 * exception that stopped the run. They make the run fail with its own outcome, "the run has no errors", whose
 * detail carries each message, so the CLI, report.md and report.html show them; the CLI exits with
 * EXIT.runError for them.
 */
import type { TraceEvent } from '../../sim/trace-events';
import { formatTime } from '../../sim/time';
import { RUN_ERRORS_OUTCOME } from '../../report/run-errors';
import type { ExpectationOutcome } from '../expect';

/** Agent event names that report an error (the agents' socket 'error' handlers emit these). */
export const RUN_ERROR_EVENTS: readonly string[] = ['error', 'socket-error'];


/** Collects the error events of a run from the trace. */
export class RunErrorWatch {
  readonly events: TraceEvent[] = [];

  readonly listener = (ev: TraceEvent): void => {
    if (ev.kind === 'agent' && RUN_ERROR_EVENTS.includes(ev.event)) this.events.push(ev);
  };

  /** Each error as `1.000s send-1 on alice: bind EADDRINUSE 0.0.0.0:5000`. */
  messages(): string[] {
    return this.events.map((ev) => {
      if (ev.kind !== 'agent') return '';
      const d = ev.data ?? {};
      const msg = typeof d.message === 'string' ? d.message : typeof d.error === 'string' ? d.error : 'error';
      return `${formatTime(ev.t)} ${ev.agent} on ${ev.node}: ${msg}`;
    });
  }

  /** The failed outcome listing every error (with `thrown`, the exception that stopped the run), or undefined. */
  outcome(thrown: string | undefined): ExpectationOutcome | undefined {
    const all = [...this.messages(), ...(thrown !== undefined ? [`the run stopped: ${thrown}`] : [])];
    if (all.length === 0) return undefined;
    return { kind: 'run', name: RUN_ERRORS_OUTCOME, passed: false, observed: 'error', detail: all.join('; '), evidence: this.events.slice(0, 10) };
  }
}
