/**
 * UDP hole punching (RFC 5128 §3.3) as a scenario agent. The hole-punch agent itself lives in
 * src/agents/holepunch; until it is available this reports a clear build error.
 */
import type { SignalingChannel } from '../../agents/signaling';
import type { Host } from '../../net/host';
import type { HolePunchAgentSpec } from '../format/spec-types';
import { ScenarioRuntimeError } from '../build/errors';
import type { ScenarioAgent } from './scenario-agent';

/** Builds a hole-punch agent. */
export function createHolePunchAgent(spec: HolePunchAgentSpec, _host: Host, _signaling: SignalingChannel): ScenarioAgent {
  throw new ScenarioRuntimeError(`agent '${spec.name}': the hole-punch agent (src/agents/holepunch) is not available yet`);
}
