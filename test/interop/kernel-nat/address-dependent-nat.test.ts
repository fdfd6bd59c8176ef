import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { findTool, skipLoudly } from '../../report/support/tools';
import { coturnArgs, CoturnPaths, Lab, natDiscoveryVerdicts, requireCoturn } from '../coturn/coturn-helpers';
import {
  buildLab, deleteNamespace, discoverFromClient, LAB, labNamespaces, labUnavailable, NAT_OUTSIDE_IP_2, removeLeftovers,
  ServerProcess, startServer, stopServer,
} from './kernel-nat-lab';

/** coturn's RFC 5780 server in the server namespace: A1 and A2 as natsim's, ports 3488 (P1) and 3489 (P2). */
const COTURN_PORTS = [3488, 3489] as const;

// Ground truth for OTHER-ADDRESS: a real Linux NAT whose mapping is address-dependent (per-destination SNAT, port
// kept), two RFC 5780 servers (natsim's `serve stun` and coturn's turnserver) and two discovery clients (natsim's
// and coturn's turnutils_natdiscovery). All four combinations must report address-dependent mapping. coturn's
// client sends Test III to the OTHER-ADDRESS of the Test II answer (from A2:P1), so this fails if natsim's server
// puts RFC 5780 §7.4's literal change-both source (A1:P2) there. Root, iptables and coturn only; see
// docs/kernel-nat.md.
describe('address-dependent mapping through a real Linux NAT: natsim and coturn, clients and servers, agree', function () {
  this.timeout(150_000); // see kernel-nat.test.ts
  const ns = labNamespaces();
  const lab = new Lab();
  let bin: CoturnPaths;
  let server: ServerProcess | undefined;

  before(async function () {
    this.timeout(90_000);
    const iptables = findTool('iptables', '/usr/sbin/iptables', '/sbin/iptables');
    const why = labUnavailable(iptables);
    if (why) return skipLoudly(this, why);
    bin = requireCoturn(this, 'OTHER-ADDRESS was not checked behind an address-dependent kernel NAT');
    const stale = removeLeftovers();
    if (stale.length) console.warn(`  removed namespaces left by an earlier run: ${stale.join(', ')}`);
    buildLab(ns, iptables!, 'address-dependent');
    server = await startServer(ns);
    const dir = mkdtempSync(join(tmpdir(), 'natsim-coturn-kn-'));
    lab.onRemove(() => rmSync(dir, { recursive: true, force: true }));
    const args = coturnArgs({ ips: LAB.serverIps, port: COTURN_PORTS[0], altPort: COTURN_PORTS[1], relayPorts: [49152, 49200] }, dir)
      .map((a) => (a === '--relay-ip=127.0.0.1' ? `--relay-ip=${LAB.serverIps[0]}` : a));
    const coturn = lab.spawn('turnserver', 'ip', ['netns', 'exec', ns.server, bin.turnserver, ...args]);
    for (const ip of LAB.serverIps) {
      for (const port of COTURN_PORTS) await coturn.waitFor(new RegExp(`UDP listener opened on: ${ip.replace(/\./g, '\\.')}:${port}$`), 30_000);
    }
  });

  after(async () => {
    await lab.cleanup();
    if (server) await stopServer(server);
    for (const n of [ns.client, ns.nat, ns.server]) deleteNamespace(n);
  });

  /** turnutils_natdiscovery -m (mapping only: every test is answered) from the client namespace. */
  async function coturnClient(port: number): Promise<string> {
    const nd = lab.spawn('turnutils_natdiscovery', 'ip', ['netns', 'exec', ns.client, bin.turnutils_natdiscovery, '-m', '-p', String(port), LAB.serverIps[0]]);
    expect(await nd.exitWithin(30_000), nd.output).to.equal(0);
    return nd.output;
  }

  it('coturn\'s turnutils_natdiscovery reports address-dependent mapping against coturn\'s server', async () => {
    const out = await coturnClient(COTURN_PORTS[0]);
    expect(natDiscoveryVerdicts(out), out).to.deep.equal(['NAT with Address Dependent Mapping!']);
  });

  it('coturn\'s turnutils_natdiscovery reports address-dependent mapping against natsim\'s server too', async () => {
    const out = await coturnClient(LAB.serverPorts[0]);
    expect(natDiscoveryVerdicts(out), out).to.deep.equal(['NAT with Address Dependent Mapping!']);
    // Test II's answer (from A2:P1) names A2:P2, where coturn's client sends Test III.
    expect(out, out).to.contain(`Response origin: : ${LAB.serverIps[1]}:${LAB.serverPorts[0]}`);
    expect(out, out).to.contain(`Other addr: : ${LAB.serverIps[1]}:${LAB.serverPorts[1]}`);
    expect(out, out).to.not.contain(`Other addr: : ${LAB.serverIps[0]}:${LAB.serverPorts[1]}`);
  });

  it('natsim\'s discovery reports address-dependent mapping against both servers', async () => {
    const [viaNatsim, viaCoturn] = await Promise.all([
      discoverFromClient(ns, `${LAB.serverIps[0]}:${LAB.serverPorts[0]}`),
      discoverFromClient(ns, `${LAB.serverIps[0]}:${COTURN_PORTS[0]}`),
    ]);
    for (const [who, r, p2] of [['natsim', viaNatsim, LAB.serverPorts[1]], ['coturn', viaCoturn, COTURN_PORTS[1]]] as const) {
      expect(r.notes, who).to.deep.equal([]);
      expect(r.otherAddress, who).to.deep.equal({ address: LAB.serverIps[1], port: p2 });
      // Towards A1 the NAT's first outside address, with the client's own port kept.
      expect(r.publicAddress, who).to.deep.equal({ address: LAB.natOutsideIp, port: r.localAddress!.port });
      expect(r.json, who).to.deep.equal({
        mapping: 'address-dependent', filtering: 'address-and-port-dependent', hairpinning: false, mappingLifetimeMs: null, classic: 'symmetric',
      });
    }
    expect(NAT_OUTSIDE_IP_2).to.not.equal(LAB.natOutsideIp);
  });
});
