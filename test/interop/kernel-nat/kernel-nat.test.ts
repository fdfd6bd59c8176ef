import { expect } from 'chai';
import { buildDiscoveryLab, runDiscovery } from '../../../src/agents/stun/discovery-lab';
import { discoverCommand } from '../../../src/cli/commands/discover';
import { NAT_PRESETS } from '../../../src/nat/nat-presets';
import { findTool, skipLoudly } from '../../report/support/tools';
import { KERNEL_NAT_TIMING } from './discover-in-netns';
import {
  buildLab, deleteNamespace, discoverFromClient, inNs, LAB, labNamespaces, labUnavailable, natsimCli, RealDiscovery,
  removeLeftovers, ServerProcess, setHairpinRules, startServer, stopServer,
} from './kernel-nat-lab';
import { kernelUnsolicited, simulatedUnsolicited } from './unsolicited-probe';

// Ground truth: natsim's RFC 5780 discovery over real sockets through a real Linux NAT (iptables MASQUERADE in a
// network namespace), compared with the simulated 'linux-masquerade' preset. Root only; see docs/kernel-nat.md.
describe('linux-masquerade preset against a real Linux kernel NAT (network namespaces + iptables MASQUERADE)', function () {
  this.timeout(120_000); // ts-node start-up of each child process takes tens of seconds on a loaded 2-CPU machine
  const ns = labNamespaces();
  const preset = NAT_PRESETS['linux-masquerade'].init;
  let iptables: string | undefined;
  let server: ServerProcess | undefined;
  /** The simulated `natsim discover` child process, started in before() so it overlaps the real discovery. */
  let simulated: Promise<string> | undefined;
  let real: RealDiscovery | undefined;

  before(async function () {
    iptables = findTool('iptables', '/usr/sbin/iptables', '/sbin/iptables');
    const why = labUnavailable(iptables);
    if (why) return skipLoudly(this, why);
    const stale = removeLeftovers();
    if (stale.length) console.warn(`  removed namespaces left by an earlier run: ${stale.join(', ')}`);
    buildLab(ns, iptables!);
    server = await startServer(ns);
    // Started now, so it runs while the real discovery mostly waits on timers; awaited in its test (the catch only
    // keeps an early failure from being an unhandled rejection meanwhile).
    simulated = natsimCli(['discover', '--preset', 'linux-masquerade', '--json']);
    simulated.catch(() => undefined);
  });

  after(async () => {
    if (server) {
      const code = await stopServer(server);
      if (code !== 0) console.warn(`  natsim serve stun exited with ${code}: ${server.output.join('')}`);
    }
    for (const n of [ns.client, ns.nat, ns.server]) deleteNamespace(n);
    // The simulated run may still be going when a test failed early: wait, so no child outlives mocha.
    await Promise.allSettled([simulated]);
  });

  it('the kernel NAT maps endpoint-independently with port preservation and filters address-and-port-dependently', async () => {
    real = await discoverFromClient(ns);
    expect(real.notes, 'discovery notes (a test without an answer)').to.deep.equal([]);
    expect(real.natPresent).to.equal(true);
    expect(real.otherAddress).to.deep.equal({ address: LAB.serverIps[1], port: LAB.serverPorts[1] });
    // MASQUERADE takes the outgoing interface's address; conntrack keeps the source port when it is free.
    expect(real.localAddress).to.deep.equal({ address: LAB.clientIp, port: real.localAddress!.port });
    expect(real.publicAddress).to.deep.equal({ address: LAB.natOutsideIp, port: real.localAddress!.port });
    // Inbound is accepted only as the reply of an existing conntrack 5-tuple; no hairpin rule, so no hairpinning.
    expect(real.json).to.deep.equal({
      mapping: 'endpoint-independent', filtering: 'address-and-port-dependent', hairpinning: false, mappingLifetimeMs: null, classic: 'port-restricted-cone',
    });
  });

  it('natsim discover --preset linux-masquerade --json prints exactly what the kernel NAT gave', async () => {
    expect(real, 'the kernel NAT result (previous test)').to.not.equal(undefined);
    expect(JSON.parse((await simulated!).trim())).to.deep.equal(real!.json);
  });

  it('the simulated preset also preserves the port (same timers as the real run)', () => {
    const lab = buildDiscoveryLab({ nat: { preset: 'linux-masquerade' }, trace: 'summary' });
    const r = runDiscovery(lab.world, lab.client, lab.serverAddress, { transaction: KERNEL_NAT_TIMING });
    expect(r.notes).to.deep.equal([]);
    expect(r.publicAddress).to.deep.equal({ address: '198.51.100.10', port: r.localAddress!.port });
    expect({ mapping: r.mapping, filtering: r.filtering, hairpinning: r.hairpinning }).to.deep.equal({
      mapping: 'endpoint-independent', filtering: 'address-and-port-dependent', hairpinning: false,
    });
  });

  it('the NAT namespace\'s conntrack UDP timeouts are the preset\'s mappingTimeout and establishedTimeout', () => {
    // Per-namespace sysctls, at the kernel's defaults in a fresh namespace (present once conntrack is in use).
    const sysctl = (name: string): number => Number(inNs(ns.nat, 'cat', [`/proc/sys/net/netfilter/${name}`]).trim()) * 1000;
    expect({ mappingTimeout: sysctl('nf_conntrack_udp_timeout'), establishedTimeout: sysctl('nf_conntrack_udp_timeout_stream') })
      .to.deep.equal({ mappingTimeout: preset.mappingTimeout, establishedTimeout: preset.establishedTimeout });
  });

  it('with hairpin rules (DNAT back in, SNAT to the outside address) the kernel NAT hairpins, as the preset does with --hairpin', async () => {
    setHairpinRules(ns, iptables!, '-A');
    try {
      const hp = await discoverFromClient(ns);
      expect(hp.notes).to.deep.equal([]);
      expect(hp.json).to.deep.equal({
        mapping: 'endpoint-independent', filtering: 'address-and-port-dependent', hairpinning: true, mappingLifetimeMs: null, classic: 'port-restricted-cone',
      });
      // The CLI's own function (as `natsim discover --preset linux-masquerade --hairpin --json`), in process.
      expect(JSON.parse(discoverCommand({ preset: 'linux-masquerade', hairpin: true, json: true }))).to.deep.equal(hp.json);
      // REQ-9a: the hairpinned packet's source is the sender's mapped address; conntrack shows the translation as a
      // flow 10.77.1.2:a -> 10.77.2.1:b whose reply comes from 10.77.1.2:b to 10.77.2.1:a (both ports kept).
      let flows: string[];
      try {
        flows = inNs(ns.nat, 'cat', ['/proc/net/nf_conntrack']).split('\n');
      } catch {
        console.warn('  note: no /proc/net/nf_conntrack (kernel without CONFIG_NF_CONNTRACK_PROCFS): hairpin source not checked');
        return;
      }
      const hairpinned = flows.map((l) => /src=10\.77\.1\.2 dst=10\.77\.2\.1 sport=(\d+) dport=(\d+) .*src=10\.77\.1\.2 dst=10\.77\.2\.1 sport=(\d+) dport=(\d+)/.exec(l))
        .filter((m) => m !== null);
      expect(hairpinned, flows.join('\n')).to.not.have.length(0);
      for (const m of hairpinned) expect([m[3], m[4]]).to.deep.equal([m[2], m[1]]);
    } finally {
      setHairpinRules(ns, iptables!, '-D');
    }
  });

  // Not an RFC 5780 test: where "endpoint-independent" ends on Linux. A refused inbound packet still leaves a
  // conntrack flow (confirmed after INPUT), and a later outbound flow whose reply tuple would clash with it gets a
  // new port. natsim keeps no state for refused packets, so the preset behaves like a box whose INPUT chain drops
  // unsolicited packets (then the flow is never confirmed). Both halves are asserted; see docs/kernel-nat.md.
  it('a refused inbound packet holding the reply tuple makes MASQUERADE pick a new port; with INPUT dropping it, and in the preset, the port stays', async () => {
    const open = await kernelUnsolicited(ns);
    expect(open.first, 'port preserved towards A1').to.equal(open.local);
    expect(open.second, 'conntrack tuple clash: another port towards A2:5000').to.not.equal(open.local);
    inNs(ns.nat, iptables!, ['-A', 'INPUT', '-i', 'kn-n1', '-j', 'DROP']);
    try {
      const dropping = await kernelUnsolicited(ns);
      expect([dropping.first, dropping.second]).to.deep.equal([dropping.local, dropping.local]);
    } finally {
      inNs(ns.nat, iptables!, ['-D', 'INPUT', '-i', 'kn-n1', '-j', 'DROP']);
    }
    const sim = simulatedUnsolicited({ preset: 'linux-masquerade' });
    expect([sim.first, sim.second]).to.deep.equal([sim.local, sim.local]);
  });
});
