import { expect } from 'chai';
import { discoverReal, discoveryJson } from '../../../src/real';
import { CoturnPaths, Lab, requireCoturn, startCoturn } from './coturn-helpers';

/** Discovery events worth asserting on: [event, data]. */
type Seen = [string, Record<string, unknown>][];

// natsim's NAT behaviour discovery (discoverReal, RFC 5780 §4) against coturn's turnserver listening on 127.0.0.1
// and 127.0.0.2 (two addresses switch on coturn's RFC 5780 CHANGE-REQUEST support; --alt-listening-port is the
// second port). Loopback only; ports 36300-36399 belong to this file.
describe('interop: natsim\'s NAT discovery against coturn\'s RFC 5780 server', function () {
  this.timeout(30_000);
  let bin: CoturnPaths;
  const lab = new Lab();
  before(function () {
    bin = requireCoturn(this, 'natsim\'s discovery was not run against coturn');
  });
  afterEach(() => lab.cleanup());

  function startTwoAddressCoturn(): Promise<unknown> {
    return startCoturn(lab, bin.turnserver, { ips: ['127.0.0.1', '127.0.0.2'], port: 36300, altPort: 36301, relayPorts: [36310, 36349] },
      ['127.0.0.1:36300', '127.0.0.1:36301', '127.0.0.2:36300', '127.0.0.2:36301']);
  }

  it('classifies loopback as no NAT: endpoint-independent mapping and filtering, hairpinning, open', async () => {
    await startTwoAddressCoturn();
    const seen: Seen = [];
    const r = await discoverReal('127.0.0.1:36300', { localAddresses: ['127.0.0.1'], timeoutMs: 20_000, onEvent: (_a, e, d) => seen.push([e, d ?? {}]) });
    expect(discoveryJson(r)).to.deep.equal({
      mapping: 'endpoint-independent', filtering: 'endpoint-independent', hairpinning: true, mappingLifetimeMs: null, classic: 'open',
    });
    expect(r.natPresent).to.equal(false);
    expect(r.otherAddress, 'coturn\'s OTHER-ADDRESS').to.deep.equal({ address: '127.0.0.2', port: 36301 });
    expect(r.notes).to.deep.equal([]);
    // Filtering Test II (change IP and port) was answered, and from coturn's other address.
    expect(seen.filter(([e]) => e === 'filtering-test')).to.deep.equal([['filtering-test', { test: 'II', answered: true }]]);
    expect(seen.some(([e, d]) => e === 'response' && d.from === '127.0.0.2:36301')).to.equal(true);
  });

  it('runs the mapping tests through coturn\'s alternate address too, when told the mapped address is not local', async () => {
    await startTwoAddressCoturn();
    const seen: Seen = [];
    // With no local address matching the mapped one, discovery assumes a NAT and runs mapping Test II against
    // A2:P1 (127.0.0.2:36300) instead of concluding "no NAT" from Test I alone (RFC 5780 §4.3).
    const r = await discoverReal('127.0.0.1:36300', { localAddresses: ['192.0.2.1'], timeoutMs: 20_000, onEvent: (_a, e, d) => seen.push([e, d ?? {}]) });
    expect(r.natPresent).to.equal(true);
    expect(discoveryJson(r)).to.deep.include({ mapping: 'endpoint-independent', filtering: 'endpoint-independent', hairpinning: true });
    expect(r.classic).to.equal('full-cone');
    const mappingTests = seen.filter(([e]) => e === 'mapping-test').map(([, d]) => d);
    expect(mappingTests).to.have.length(1);
    expect(mappingTests[0]).to.deep.include({ test: 'II', to: '127.0.0.2:36300' });
    expect(mappingTests[0].mapped).to.equal(`${r.publicAddress?.address}:${r.publicAddress?.port}`);
  });
});
