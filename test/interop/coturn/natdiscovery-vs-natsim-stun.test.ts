import { expect } from 'chai';
import { ServerLog, startStunService } from '../../../src/real';
import { natsim } from '../../real/cli-process';
import { CoturnPaths, Lab, natDiscoveryVerdicts, requireCoturn } from './coturn-helpers';

/** Asserts what turnutils_natdiscovery -m -f -H prints against an RFC 5780 server on A1:P1 and A2:P2, no NAT between. */
function expectNoNatFound(output: string, a1p1: string, a2p2: string): void {
  // Test I of the mapping and of the filtering run say "No NAT!"; Test II of each says endpoint-independent.
  expect(natDiscoveryVerdicts(output), output).to.deep.equal([
    'No NAT! (Endpoint Independent Mapping)',
    'NAT with Endpoint Independent Mapping!',
    'No NAT! (Endpoint Independent Mapping)',
    'NAT with Endpoint Independent Filtering!',
  ]);
  expect(output, 'hairpinning: the Binding request to our own mapped address arrived').to.contain('Received a request (maybe a successful hairpinning)');
  expect(output, 'the server announced its alternate address').to.contain(`Other addr: : ${a2p2}`);
  expect(output, 'Test I was answered from the primary address').to.contain(`Response origin: : ${a1p1}`);
  // Filtering Test II asks for "change IP and port": the answer must come from A2:P2, or the verdict would be
  // address-dependent filtering (or a timeout).
  expect(output, 'CHANGE-REQUEST was honoured from the alternate address').to.contain(`Response origin: : ${a2p2}`);
  expect(output).to.not.match(/timeout|error|not supported/i);
  expect(output).to.not.match(/(Address|Port) Dependent/);
}

/** turnutils_natdiscovery with mapping, filtering and hairpinning discovery, exactly as in docs/interop.md. */
function natdiscoveryArgs(port: number): string[] {
  return ['-m', '-f', '-H', '-p', String(port), '-L', '127.0.0.1', '127.0.0.1'];
}

// coturn's RFC 5780 client (turnutils_natdiscovery) against natsim's STUN server on 127.0.0.1 and 127.0.0.2.
// Loopback only; ports 36100-36199 belong to this file.
describe('interop: coturn turnutils_natdiscovery against natsim\'s RFC 5780 STUN server', function () {
  this.timeout(30_000);
  let bin: CoturnPaths;
  const lab = new Lab();
  before(function () {
    bin = requireCoturn(this, 'turnutils_natdiscovery was not run against natsim\'s STUN server');
  });
  afterEach(() => lab.cleanup());

  it('finds endpoint-independent mapping and filtering and hairpinning (server started in-process)', async () => {
    const lines: string[] = [];
    const stun = await startStunService({ listen: '127.0.0.1:36100', alt: '127.0.0.2:36101', log: new ServerLog({ write: (l) => lines.push(l) }) });
    lab.onCleanup(() => stun.close());
    expect(stun.endpoints).to.deep.equal(['127.0.0.1:36100', '127.0.0.1:36101', '127.0.0.2:36100', '127.0.0.2:36101']);
    const nd = lab.spawn('turnutils_natdiscovery', bin.turnutils_natdiscovery, natdiscoveryArgs(36100));
    expect(await nd.exitWithin(20_000), nd.output).to.equal(0);
    expectNoNatFound(nd.output, '127.0.0.1:36100', '127.0.0.2:36101');
    expect(lines.filter((l) => / (dropped|rejected|error-response|socket-error) /.test(l)), 'natsim refused nothing').to.deep.equal([]);
  });

  it('finds the same through `natsim serve stun --alt`', async function () {
    this.timeout(45_000); // the CLI compiles TypeScript at start: seconds on a busy machine
    const srv = natsim(['serve', 'stun', '--listen', '127.0.0.1:36110', '--alt', '127.0.0.2:36111']);
    lab.onCleanup(() => { if (srv.child.exitCode === null) srv.child.kill('SIGKILL'); });
    await srv.waitFor(/ stun-server started .*127\.0\.0\.2:36111/, 30_000);
    const nd = lab.spawn('turnutils_natdiscovery', bin.turnutils_natdiscovery, natdiscoveryArgs(36110));
    expect(await nd.exitWithin(20_000), nd.output).to.equal(0);
    expectNoNatFound(nd.output, '127.0.0.1:36110', '127.0.0.2:36111');
    srv.child.kill('SIGINT');
    expect(await srv.exited).to.equal(0);
  });
});
