/** Shared helpers for scenario tests: small scenarios written inline, parsed like files. */
import { parseScenarioSpec, ScenarioSpec } from '../../src/scenario/format';
import { runScenario, RunScenarioInit, ScenarioRunResult } from '../../src/scenario/run/run-scenario';

/** A home network behind one NAT, an echo server and a stranger on the Internet. */
export const HOME = `
topology:
  networks:
    internet: { cidr: 203.0.113.0/24, latency: 10ms }
    home: { cidr: 192.168.1.0/24, latency: 1ms }
    cafe: { cidr: 10.9.0.0/24, latency: 1ms }
  nats:
    home-nat:
      preset: port-restricted-cone
      inside: { network: home, ip: 192.168.1.1 }
      outside: { network: internet, ip: 203.0.113.10 }
    cafe-nat:
      preset: full-cone
      inside: { network: cafe, ip: 10.9.0.1 }
      outside: { network: internet, ip: 203.0.113.30 }
  hosts:
    laptop: { network: home, ip: 192.168.1.10 }
    echo-server: { network: internet, ip: 203.0.113.7 }
    stranger: { network: internet, ip: 203.0.113.66 }
`;

/** A scenario from text (no sweep). */
export function specOf(yaml: string, file = 'test.yaml'): ScenarioSpec {
  return parseScenarioSpec(yaml, file);
}

/** HOME plus the given top-level sections (agents, timeline, expectations, ...). */
export function homeScenario(rest: string, head = 'duration: 30s'): ScenarioSpec {
  return specOf(`${head}\n${HOME}\n${rest}`);
}

/** Runs a spec keeping its events. */
export function run(spec: ScenarioSpec, init: RunScenarioInit = {}): ScenarioRunResult {
  return runScenario(spec, init);
}

/** Times (ms) of events matching a predicate. */
export function timesMs(r: ScenarioRunResult, pred: (ev: ScenarioRunResult['record']['events'][number]) => boolean): number[] {
  return r.record.events.filter(pred).map((e) => e.t / 1000);
}
