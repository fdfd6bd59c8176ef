import { expect } from 'chai';
import {
  CandidateSyntaxError,
  END_OF_CANDIDATES,
  formatCandidate,
  formatEndOfCandidates,
  isEndOfCandidates,
  parseCandidate,
  type CandidateSyntaxCode,
  type ParsedCandidate,
} from '../../../src/protocols/ice';
import { host, relay, srflx } from './fixtures';

function parsed(line: string): ParsedCandidate {
  const r = parseCandidate(line);
  if (!r.ok) throw r.error;
  return r.value;
}

describe('ice candidate attribute syntax (RFC 8839 §5.1)', () => {
  describe('formatting', () => {
    it('formats a host candidate without related address', () => {
      const c = host('192.168.1.2', 53535);
      expect(formatCandidate(c)).to.equal(`candidate:${c.foundation} 1 udp 2130706431 192.168.1.2 53535 typ host`);
    });

    it('formats a srflx candidate with raddr/rport and extensions, optionally as an a= line', () => {
      const c = srflx('203.0.113.5', 40000, '10.0.0.1', 5000);
      const line = formatCandidate(c, { attributeLine: true, extensions: [{ name: 'generation', value: '0' }] });
      expect(line).to.equal(`a=candidate:${c.foundation} 1 udp 1694498815 203.0.113.5 40000 typ srflx raddr 10.0.0.1 rport 5000 generation 0`);
    });
  });

  describe('round trips', () => {
    const candidates = [host('10.0.0.1', 5000), host('10.0.0.1', 5001, 2), srflx('203.0.113.5', 40000, '10.0.0.1', 5000), relay('198.51.100.2', 49152)];
    for (const c of candidates) {
      it(`parses back a formatted ${c.type} candidate of component ${c.component}`, () => {
        const back = parsed(formatCandidate(c)).candidate;
        expect(back).to.deep.include({ ...c, baseAddress: c.address, basePort: c.port });
      });
    }

    const lines = [
      'candidate:842163049 1 udp 1677729535 1.2.3.4 50000 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag abcd network-cost 999',
      'candidate:1467250027 1 udp 2122260223 192.168.0.196 46243 typ host generation 0',
      'candidate:3 1 udp 2122197247 2001:db8::1 50000 typ host generation 0',
    ];
    for (const line of lines) {
      it(`reformats "${line.slice(0, 40)}..." to the same text`, () => {
        const p = parsed(line);
        expect(formatCandidate(p.candidate, { extensions: p.extensions })).to.equal(line);
      });
    }
  });

  describe('real-world strings', () => {
    it("parses Chrome's srflx line with its extensions", () => {
      const p = parsed('candidate:842163049 1 udp 1677729535 1.2.3.4 50000 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag abcd network-cost 999');
      expect(p.candidate).to.deep.include({
        foundation: '842163049',
        component: 1,
        transport: 'udp',
        priority: 1677729535,
        address: '1.2.3.4',
        port: 50000,
        type: 'srflx',
        relatedAddress: '0.0.0.0',
        relatedPort: 0,
      });
      expect(p.generation).to.equal(0);
      expect(p.ufrag).to.equal('abcd');
      expect(p.extensions).to.deep.equal([
        { name: 'generation', value: '0' },
        { name: 'ufrag', value: 'abcd' },
        { name: 'network-cost', value: '999' },
      ]);
    });

    const rows: Array<[string, string, Record<string, unknown>]> = [
      ['an SDP a= line with CRLF', 'a=candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host\r\n', { foundation: '1', address: '10.0.0.1' }],
      ['a line without any prefix', '1 1 udp 2122260223 10.0.0.1 5000 typ host', { foundation: '1', port: 5000 }],
      ["Firefox's upper-case UDP host", 'candidate:0 1 UDP 2122252543 192.168.1.2 53535 typ host', { transport: 'udp', priority: 2122252543 }],
      ["Firefox's srflx", 'candidate:1 1 UDP 1686052863 203.0.113.5 53535 typ srflx raddr 192.168.1.2 rport 53535', { relatedAddress: '192.168.1.2', relatedPort: 53535 }],
      ['a relay candidate', 'candidate:4 1 UDP 8331263 198.51.100.7 60000 typ relay raddr 203.0.113.5 rport 53535', { type: 'relay' }],
      ['an mDNS host name', 'candidate:3098165824 1 udp 2113937151 7d6a7a8e-3c0f-4f52-8b9d-5f3f5a8e2f7a.local 54400 typ host generation 0', { address: '7d6a7a8e-3c0f-4f52-8b9d-5f3f5a8e2f7a.local' }],
      ['an RTCP candidate with + and / in the foundation', 'candidate:a+b/C 2 udp 2130706430 10.0.0.1 5001 typ host', { foundation: 'a+b/C', component: 2 }],
    ];
    for (const [story, line, fields] of rows) {
      it(`parses ${story}`, () => {
        expect(parsed(line).candidate).to.deep.include(fields);
      });
    }
  });

  describe('structured errors (never throws)', () => {
    const rows: Array<[string, string, CandidateSyntaxCode, string, number]> = [
      ['an empty line', '   ', 'empty', 'candidate', 0],
      ['a line cut after the port', 'candidate:1 1 udp 1 10.0.0.1 5000', 'missing-field', '"typ"', 33],
      ['a 33-character foundation', `candidate:${'a'.repeat(33)} 1 udp 1 10.0.0.1 5000 typ host`, 'bad-foundation', 'foundation', 10],
      ['a foundation with a dot', 'candidate:a.b 1 udp 1 10.0.0.1 5000 typ host', 'bad-foundation', 'foundation', 10],
      ['component 0', 'candidate:1 0 udp 1 10.0.0.1 5000 typ host', 'bad-component', 'component-id', 12],
      ['component 257', 'candidate:1 257 udp 1 10.0.0.1 5000 typ host', 'bad-component', 'component-id', 12],
      ["Chrome's old ssltcp candidate", 'candidate:2 1 ssltcp 2105524479 192.168.1.2 443 typ host', 'unsupported-transport', 'transport', 14],
      ['a TCP candidate without tcptype', 'candidate:2 1 TCP 2105524479 192.168.1.2 9 typ host', 'missing-tcptype', 'tcptype', 51],
      ['an unknown tcptype', 'candidate:2 1 tcp 1 192.168.1.2 9 typ host tcptype both', 'bad-tcptype', 'tcptype', 51],
      ['a tcptype on a UDP candidate', 'candidate:2 1 udp 1 192.168.1.2 9 typ host tcptype so', 'bad-tcptype', 'tcptype', 43],
      ['tcptype given twice', 'candidate:2 1 tcp 1 192.168.1.2 9 typ host tcptype so tcptype so', 'bad-tcptype', 'tcptype', 54],
      ['an IPv6 address with a zone id', 'candidate:1 1 udp 1 fe80::1%eth0 5000 typ host', 'bad-address', 'connection-address', 20],
      ['a garbage transport', 'candidate:2 1 u@p 1 10.0.0.1 9 typ host', 'bad-transport', 'transport', 14],
      ['a priority above 2^32-1', 'candidate:1 1 udp 4294967296 10.0.0.1 5000 typ host', 'bad-priority', 'priority', 18],
      ['a negative priority', 'candidate:1 1 udp -1 10.0.0.1 5000 typ host', 'bad-priority', 'priority', 18],
      ['an IPv4 octet above 255', 'candidate:1 1 udp 1 10.0.0.256 5000 typ host', 'bad-address', 'connection-address', 20],
      ['port 65536', 'candidate:1 1 udp 1 10.0.0.1 65536 typ host', 'bad-port', 'port', 29],
      ['"type" instead of "typ"', 'candidate:1 1 udp 1 10.0.0.1 5000 type host', 'expected-typ', '"typ"', 34],
      ['an unknown candidate type', 'candidate:1 1 udp 1 10.0.0.1 5000 typ stun', 'unsupported-type', 'cand-type', 38],
      ['raddr without an address', 'candidate:1 1 udp 1 1.2.3.4 5000 typ srflx raddr', 'missing-field', 'rel-addr', 48],
      ['a bad raddr', 'candidate:1 1 udp 1 1.2.3.4 5000 typ srflx raddr 1.2.3 rport 1', 'bad-related-address', 'rel-addr', 49],
      ['a bad rport', 'candidate:1 1 udp 1 1.2.3.4 5000 typ srflx raddr 10.0.0.1 rport x', 'bad-related-port', 'rel-port', 64],
      ['an extension without value', 'candidate:1 1 udp 1 10.0.0.1 5000 typ host generation', 'bad-extension', 'extension-att-value', 53],
    ];
    for (const [story, line, code, field, column] of rows) {
      it(`reports ${code} at column ${column + 1} for ${story}`, () => {
        const r = parseCandidate(line);
        expect(r.ok).to.equal(false);
        if (r.ok) return;
        expect(r.error).to.be.instanceOf(CandidateSyntaxError);
        expect({ code: r.error.code, field: r.error.field, column: r.error.column }).to.deep.equal({ code, field, column });
        expect(r.error.input).to.equal(line);
      });
    }

    it('returns errors, not exceptions, for hostile input', () => {
      for (const line of ['\u0000', 'candidate:', 'a=', 'candidate:1 1 udp 1 ' + 'x'.repeat(10000) + ' 1 typ host', '🙂 🙂 🙂']) {
        expect(() => parseCandidate(line)).not.to.throw();
        expect(parseCandidate(line).ok).to.equal(false);
      }
    });
  });

  describe('end-of-candidates', () => {
    it('formats and recognises the indication with or without a=', () => {
      expect(formatEndOfCandidates()).to.equal(END_OF_CANDIDATES);
      expect(formatEndOfCandidates(true)).to.equal('a=end-of-candidates');
      expect(isEndOfCandidates('a=end-of-candidates\r\n')).to.equal(true);
      expect(isEndOfCandidates('end-of-candidates')).to.equal(true);
      expect(isEndOfCandidates('candidate:1 1 udp 1 10.0.0.1 5000 typ host')).to.equal(false);
    });
  });
});
