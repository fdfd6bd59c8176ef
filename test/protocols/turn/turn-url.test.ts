import { expect } from 'chai';
import { formatTurnUri, parseTurnUri, TurnConfigError } from '../../../src/protocols/turn';

describe('turn/turn-url (RFC 7065 TURN URIs, as RTCIceServer.urls)', () => {
  const good: [string, string, { host: string; port: number; transport: string; secure: boolean }][] = [
    ['turn: defaults to UDP on 3478', 'turn:192.0.2.1', { host: '192.0.2.1', port: 3478, transport: 'udp', secure: false }],
    ['?transport=tcp picks TCP', 'turn:192.0.2.1:3479?transport=tcp', { host: '192.0.2.1', port: 3479, transport: 'tcp', secure: false }],
    ['?transport=udp is explicit UDP', 'turn:turn.example.com?transport=udp', { host: 'turn.example.com', port: 3478, transport: 'udp', secure: false }],
    ['turns: is TLS over TCP on 5349', 'turns:turn.example.com', { host: 'turn.example.com', port: 5349, transport: 'tls', secure: true }],
    ['turns: on 443 with ?transport=tcp is still TLS', 'turns:Turn.Example.com:443?transport=tcp', { host: 'turn.example.com', port: 443, transport: 'tls', secure: true }],
    ['an IPv6 literal in brackets', 'turn:[2001:db8::1]:3478?transport=tcp', { host: '2001:db8::1', port: 3478, transport: 'tcp', secure: false }],
    ['the scheme is case-insensitive', 'TURN:10.0.0.1', { host: '10.0.0.1', port: 3478, transport: 'udp', secure: false }],
  ];
  for (const [story, text, want] of good) {
    it(`parses ${text}: ${story}`, () => {
      expect(parseTurnUri(text)).to.deep.equal(want);
    });
  }

  const bad: [string, string, RegExp][] = [
    ['a "//" after the scheme', 'turn://192.0.2.1', /must not have "\/\/"/],
    ['another scheme', 'stun:192.0.2.1', /must start with turn: or turns:/],
    ['user info', 'turn:alice@192.0.2.1', /not scheme:host/],
    ['port 0', 'turn:192.0.2.1:0', /port 0; a port is 1-65535/],
    ['port 70000', 'turn:192.0.2.1:70000', /port 70000/],
    ['an unknown transport', 'turn:192.0.2.1?transport=sctp', /transport 'sctp'; valid: udp, tcp/],
    ['another query', 'turn:192.0.2.1?foo=bar', /the only query is \?transport/],
    ['turns over UDP (DTLS)', 'turns:192.0.2.1?transport=udp', /DTLS/],
    ['a bad IPv4 address', 'turn:192.0.2.300', /not an IPv4 address/],
    ['a path', 'turn:192.0.2.1/x', /not scheme:host/],
    ['nothing after the scheme', 'turn:', /not scheme:host/],
  ];
  for (const [story, text, re] of bad) {
    it(`refuses ${text} (${story}) with a TurnConfigError naming the setting`, () => {
      expect(() => parseTurnUri(text, 'agents.a.turn.url')).to.throw(TurnConfigError, re).with.property('path', 'agents.a.turn.url');
    });
  }

  it('formats the canonical URI back', () => {
    expect(formatTurnUri(parseTurnUri('turn:h.example?transport=tcp'))).to.equal('turn:h.example:3478?transport=tcp');
    expect(formatTurnUri(parseTurnUri('turns:[::1]'))).to.equal('turns:[::1]:5349');
  });
});
