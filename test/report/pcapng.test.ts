import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ipv4UdpBytes } from '../../src/report/ipv4-udp';
import { BLOCK_EPB, BLOCK_IDB, BLOCK_SHB, LINKTYPE_RAW, PcapngWriter, captureInterfaces, pcapngFromEvents } from '../../src/report/pcapng-writer';
import type { LinkEvent } from '../../src/sim/trace-events';
import { blocks, checksum, epb, idb, options } from './support/pcapng-parse';
import { smallRecord } from './support/sample-records';

/** UDP checksum check: sum over pseudo-header + UDP segment must fold to 0. */
function udpChecksumOk(ip: Buffer): boolean {
  const udp = ip.subarray(20);
  const pseudo = Buffer.alloc(12);
  ip.copy(pseudo, 0, 12, 20);
  pseudo[9] = 17;
  pseudo.writeUInt16BE(udp.length, 10);
  return checksum(Buffer.concat([pseudo, udp.length % 2 ? Buffer.concat([udp, Buffer.alloc(1)]) : udp])) === 0;
}

describe('report/pcapng-writer', () => {
  const rec = smallRecord();
  const links = rec.events.filter((e): e is LinkEvent => e.kind === 'link');
  const file = pcapngFromEvents(rec.events, { interfaces: captureInterfaces(rec.topology) });
  const bs = blocks(file);

  it('writes a section header, one IDB per interface with its name, then one EPB per link event', () => {
    expect(bs[0].type).to.equal(BLOCK_SHB);
    expect(bs[0].body.readUInt32LE(0)).to.equal(0x1a2b3c4d);
    expect(options(bs[0].body, 16).get(4)!.toString()).to.equal('natsim');
    const idbs = bs.filter((b) => b.type === BLOCK_IDB).map(idb);
    expect(idbs.map((i) => i.options.get(2)!.toString())).to.deep.equal(
      ['alice/eth0', 'home/lan', 'home/wan', 'core/eth0', 'core/eth1', 'stun/eth0']);
    expect(idbs.every((i) => i.linktype === LINKTYPE_RAW && i.options.get(9)![0] === 6)).to.equal(true);
    expect(idbs[0].options.get(3)!.toString()).to.equal('network lan, 192.168.1.10');
    expect(bs.filter((b) => b.type === BLOCK_EPB)).to.have.length(links.length);
  });

  it('stamps each packet with its interface and virtual time in µs', () => {
    const pkts = bs.filter((b) => b.type === BLOCK_EPB).map(epb);
    const names = bs.filter((b) => b.type === BLOCK_IDB).map((b) => idb(b).options.get(2)!.toString());
    expect(pkts.map((p) => names[p.ifaceId])).to.deep.equal(links.map((l) => l.iface));
    expect(pkts.map((p) => p.ts)).to.deep.equal(links.map((l) => l.t));
  });

  it('synthesizes IPv4 and UDP headers with valid checksums, the packet TTL and id', () => {
    const pkts = bs.filter((b) => b.type === BLOCK_EPB).map(epb);
    pkts.forEach((p, k) => {
      const ip = p.data;
      const ev = links[k];
      expect(ip[0]).to.equal(0x45);
      expect(ip[9]).to.equal(17);
      expect(ip.readUInt16BE(2)).to.equal(28 + ev.pkt.payload.length);
      expect(ip.readUInt16BE(4)).to.equal(ev.pkt.id);
      expect(ip[8]).to.equal(ev.pkt.ttl);
      expect(checksum(ip.subarray(0, 20))).to.equal(0);
      expect(ip.readUInt16BE(24)).to.equal(8 + ev.pkt.payload.length);
      expect(ip.readUInt16BE(20)).to.equal(ev.pkt.srcPort);
      expect(udpChecksumOk(ip)).to.equal(true);
      expect(Buffer.compare(ip.subarray(28), Buffer.from(ev.pkt.payload))).to.equal(0);
      expect(p.original).to.equal(p.captured);
    });
  });

  it('computes the UDP checksum for odd lengths and never writes a computed zero', () => {
    for (let n = 0; n < 40; n++) {
      const ip = Buffer.from(ipv4UdpBytes({ id: n, src: 0xc0a8010a, srcPort: 5000 + n, dst: 0xcb00710a, dstPort: 3478, ttl: 64, payload: new Uint8Array(n).fill(n) }));
      expect(udpChecksumOk(ip), `length ${n}`).to.equal(true);
      expect(ip.readUInt16BE(26)).not.to.equal(0);
    }
  });

  it('declares interfaces missing from the topology when first used', () => {
    const bare = blocks(pcapngFromEvents(rec.events));
    expect(bare[1].type).to.equal(BLOCK_IDB);
    expect(idb(bare[1]).options.get(2)!.toString()).to.equal('alice/eth0');
    expect(idb(bare[1]).options.get(3)!.toString()).to.equal('network lan');
    expect(bare[2].type).to.equal(BLOCK_EPB);
  });

  it('streams to a file the same bytes as the pure function', () => {
    const dir = mkdtempSync(join(tmpdir(), 'natsim-pcap-'));
    try {
      const path = join(dir, 'c.pcapng');
      const w = new PcapngWriter(path, { interfaces: captureInterfaces(rec.topology) });
      rec.events.forEach(w.listener);
      w.close();
      expect(w.count).to.equal(links.length);
      expect(Buffer.compare(readFileSync(path), Buffer.from(file))).to.equal(0);
      expect(() => w.write(links[0])).to.throw(/write after close/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
