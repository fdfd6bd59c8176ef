import { expect } from 'chai';
import { eventJson } from '../../../src/sim/trace-json';
import { TCP_FLAG } from '../../../src/net/tcp-header';
import { pattern, tcpPair, transfer } from './tcp-helpers';

describe('TCP in the trace', () => {
  it('every segment is a packet event whose JSON carries flags, seq, ack, win (and mss on SYNs)', () => {
    const { world, a, b, events } = tcpPair();
    transfer(world, a, b, pattern(3000), { maxMs: 70_000 });
    const sent = events.filter((e) => e.kind === 'sent').map((e) => eventJson(e) as { pkt: { tcp?: { flags: number; seq: number; ack: number; win: number; mss?: number } } });
    expect(sent.every((e) => e.pkt.tcp !== undefined)).to.equal(true);
    const syn = sent[0]!.pkt.tcp!;
    expect(syn.flags).to.equal(TCP_FLAG.SYN);
    expect(syn.mss).to.equal(1460);
    expect(syn.win).to.equal(65535);
    const flagSet = new Set(sent.map((e) => e.pkt.tcp!.flags));
    for (const f of [TCP_FLAG.SYN, TCP_FLAG.SYN | TCP_FLAG.ACK, TCP_FLAG.ACK, TCP_FLAG.FIN | TCP_FLAG.ACK]) expect(flagSet.has(f), `flags ${f}`).to.equal(true);
    // Segments also appear as link events (what pcap writers record) and as deliveries.
    expect(events.filter((e) => e.kind === 'link').length).to.equal(sent.length);
    expect(events.filter((e) => e.kind === 'delivered').length).to.equal(sent.length);
  });

  it('is deterministic: the same seed and impairments give the same trace hash; another seed another', () => {
    const hash = (seed: number): string => {
      const { world, a, b } = tcpPair({ loss: 0.1, reorder: 0.2, jitter: 5 }, { loss: 0.1, duplicate: 0.1 }, seed);
      transfer(world, a, b, pattern(30_000), { maxMs: 200_000 });
      return world.sim.trace.digest();
    };
    expect(hash(5)).to.equal(hash(5));
    expect(hash(5)).to.not.equal(hash(6));
  });
});
