import { expect } from 'chai';
import { mappingEndpointText, mappingHistory } from '../../src/report/mapping-history';
import type { MappingEvent } from '../../src/sim/trace-events';

const m = (kind: MappingEvent['kind'], t: number, node: string, internal: string, external: string, extra: Partial<MappingEvent> = {}): MappingEvent =>
  ({ kind, t, node, internal, external, ...extra });

describe('report/mapping-history', () => {
  it('folds created, refreshed and expired into one row', () => {
    const [nat] = mappingHistory([
      m('mapping-created', 10, 'home', '192.168.1.10:5000', '203.0.113.10:40000', { expiresAt: 100 }),
      m('mapping-refreshed', 50, 'home', '192.168.1.10:5000', '203.0.113.10:40000', { expiresAt: 150 }),
      m('mapping-expired', 150, 'home', '192.168.1.10:5000', '203.0.113.10:40000'),
    ]);
    expect(nat.nat).to.equal('home');
    expect(nat.mappings).to.deep.equal([{
      internal: '192.168.1.10:5000', external: '203.0.113.10:40000', created: 10, refreshes: [50], expiresAt: 150, ended: { t: 150, how: 'expired' },
    }]);
  });

  it('starts a new row when the same mapping is created again after it ended, and keeps remotes apart', () => {
    const [nat] = mappingHistory([
      m('mapping-created', 10, 'sym', 'a:1', 'x:1', { remote: 'r:1' }),
      m('mapping-created', 20, 'sym', 'a:1', 'x:2', { remote: 'r:2' }),
      m('mapping-flushed', 30, 'sym', 'a:1', 'x:1', { remote: 'r:1' }),
      m('mapping-created', 40, 'sym', 'a:1', 'x:1', { remote: 'r:1' }),
    ]);
    expect(nat.mappings.map((l) => [l.external, l.remote, l.created, l.ended?.how])).to.deep.equal([
      ['x:1', 'r:1', 10, 'flushed'], ['x:2', 'r:2', 20, undefined], ['x:1', 'r:1', 40, undefined],
    ]);
  });

  it('keeps a TCP mapping apart from the UDP mapping with the same endpoints (one table per protocol)', () => {
    const [nat] = mappingHistory([
      m('mapping-created', 10, 'home', 'a:1', 'x:1'),
      m('mapping-created', 20, 'home', 'a:1', 'x:1', { proto: 'tcp' }),
      m('mapping-expired', 30, 'home', 'a:1', 'x:1', { proto: 'tcp' }),
    ]);
    expect(nat.mappings.map((l) => [mappingEndpointText(l), l.ended?.how])).to.deep.equal([['a:1', undefined], ['a:1 (tcp)', 'expired']]);
  });

  it('keeps a mapping first seen refreshed, with an unknown creation time', () => {
    const [nat] = mappingHistory([m('mapping-refreshed', 5, 'n', 'a:1', 'x:1')]);
    expect(nat.mappings[0].created).to.equal(undefined);
    expect(nat.mappings[0].refreshes).to.deep.equal([5]);
  });

  it('lists NATs in the given order, then by first event', () => {
    const ev = [m('mapping-created', 1, 'b', 'a:1', 'x:1'), m('mapping-created', 2, 'c', 'a:1', 'x:1'), m('mapping-created', 3, 'a', 'a:1', 'x:1')];
    expect(mappingHistory(ev, ['a']).map((t) => t.nat)).to.deep.equal(['a', 'b', 'c']);
  });
});
