/** Scenario text for the run-guard tests: a static routing loop fed by a traffic agent. */

/** Two routers whose default routes point at each other; every datagram to the internet circles until its TTL ends. */
export function routingLoopYaml(count: number, every: string, duration = '10s'): string {
  return `name: loop
duration: ${duration}
topology:
  networks:
    lan: { cidr: 10.0.0.0/24, latency: 1ms }
    core: { cidr: 10.9.0.0/30, latency: 1ms }
  routers:
    r1:
      interfaces:
        - { network: lan, ip: 10.0.0.1 }
        - { network: core, ip: 10.9.0.1 }
      routes:
        - { to: default, via: 10.9.0.2 }
    r2:
      interfaces:
        - { network: core, ip: 10.9.0.2 }
      routes:
        - { to: default, via: 10.9.0.1 }
  hosts:
    pc: { network: lan, ip: 10.0.0.10 }
agents:
  pinger: { type: traffic, host: pc, port: 5000, to: "198.51.100.1:9", count: ${count}, every: ${every}, size: 200 }
`;
}
