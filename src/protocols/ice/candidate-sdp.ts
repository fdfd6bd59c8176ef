/**
 * The SDP "candidate" attribute (RFC 8839 §5.1) and the "end-of-candidates" attribute (Trickle ICE: RFC 8838, SDP
 * syntax in RFC 8840):
 *
 *   candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP priority SP
 *                         connection-address SP port SP "typ" SP cand-type
 *                         [SP "raddr" SP connection-address] [SP "rport" SP port] *(SP name SP value)
 *
 * TCP candidates (RFC 6544 §4.5) have transport "TCP" and the extension "tcptype" SP ("active" / "passive" /
 * "so"); an active candidate's port is 9. IPv6 addresses are accepted in every RFC 4291 text form and kept in RFC
 * 5952 canonical form, so they compare equal to the addresses the network reports.
 *
 * `parseCandidate` never throws: it returns a result with a structured `CandidateSyntaxError`.
 */
import { formatIpv6, tryParseIpv6 } from '../../net/ipv6';
import { addressFamily, isIpv4, TCP_ACTIVE_PORT, TCP_TYPES, type Candidate, type CandidateType, type IceTransport, type TcpType } from './candidate';

/** An extension name/value pair after the fixed fields (e.g. generation 0, ufrag abcd, network-cost 999). */
export interface CandidateExtension {
  readonly name: string;
  readonly value: string;
}

/**
 * A successfully parsed candidate line. The candidate's base is set to its own address (unknown for remotes). The
 * tcptype of a TCP candidate is in `candidate.tcpType`, not in `extensions`.
 */
export interface ParsedCandidate {
  readonly candidate: Candidate;
  /** Extensions in input order. */
  readonly extensions: readonly CandidateExtension[];
  /** The "generation" extension as a number, when present and numeric. */
  readonly generation?: number;
  /** The "ufrag" extension, when present (browsers add it; it names the ICE generation the candidate belongs to). */
  readonly ufrag?: string;
}

/** Which rule of the grammar a line broke. */
export type CandidateSyntaxCode =
  | 'empty'
  | 'missing-field'
  | 'bad-foundation'
  | 'bad-component'
  | 'bad-transport'
  | 'unsupported-transport'
  | 'bad-priority'
  | 'bad-address'
  | 'bad-port'
  | 'expected-typ'
  | 'unsupported-type'
  | 'bad-related-address'
  | 'bad-related-port'
  | 'missing-tcptype'
  | 'bad-tcptype'
  | 'bad-extension';

/** A parse failure: which field, where (0-based character offset in the input), and what would be valid. */
export class CandidateSyntaxError extends Error {
  constructor(
    readonly code: CandidateSyntaxCode,
    /** The grammar field at fault, e.g. 'priority'. */
    readonly field: string,
    /** 0-based character offset of the offending token (or the end of input when a field is missing). */
    readonly column: number,
    /** The line that was parsed. */
    readonly input: string,
    message: string,
  ) {
    super(`candidate attribute, column ${column + 1}, ${field}: ${message}`);
    this.name = 'CandidateSyntaxError';
  }
}

/** Result of `parseCandidate`. */
export type CandidateParseResult = { readonly ok: true; readonly value: ParsedCandidate } | { readonly ok: false; readonly error: CandidateSyntaxError };

/** Options for `formatCandidate`. */
export interface FormatCandidateOptions {
  /** Extensions appended after the fixed fields, e.g. [{ name: 'generation', value: '0' }]. @default none */
  readonly extensions?: readonly CandidateExtension[];
  /** Prefix the line with "a=" (an SDP media-level attribute line). @default false */
  readonly attributeLine?: boolean;
}

/** The attribute that signals the end of trickled candidates (RFC 8838; SDP form a=end-of-candidates, RFC 8840). */
export const END_OF_CANDIDATES = 'end-of-candidates';

/**
 * Formats a candidate per RFC 8839 §5.1: `candidate:<foundation> <component> udp <priority> <ip> <port> typ <type>
 * ...`; a TCP candidate gets `tcp` and `tcptype <type>` after raddr/rport (RFC 6544 §4.5), and an active one the
 * port 9 whatever its base's port.
 */
export function formatCandidate(c: Candidate, options: FormatCandidateOptions = {}): string {
  const tcp = c.transport === 'tcp';
  const port = tcp && c.tcpType === 'active' ? TCP_ACTIVE_PORT : c.port;
  const parts = [`candidate:${c.foundation}`, String(c.component), c.transport, String(c.priority >>> 0), c.address, String(port), 'typ', c.type];
  if (c.relatedAddress !== undefined) parts.push('raddr', c.relatedAddress);
  if (c.relatedPort !== undefined) parts.push('rport', String(c.relatedPort));
  if (tcp && c.tcpType !== undefined) parts.push('tcptype', c.tcpType);
  for (const e of options.extensions ?? []) if (!(tcp && e.name === 'tcptype')) parts.push(e.name, e.value);
  return (options.attributeLine ? 'a=' : '') + parts.join(' ');
}

/** Formats the end-of-candidates indication (RFC 8838/8840), optionally as an "a=" line. */
export function formatEndOfCandidates(attributeLine = false): string {
  return (attributeLine ? 'a=' : '') + END_OF_CANDIDATES;
}

/** True for "end-of-candidates" or "a=end-of-candidates" (surrounding whitespace ignored). */
export function isEndOfCandidates(line: string): boolean {
  const t = line.trim();
  return t === END_OF_CANDIDATES || t === `a=${END_OF_CANDIDATES}`;
}

interface Token {
  readonly text: string;
  readonly at: number;
}

const CANDIDATE_TYPES: readonly CandidateType[] = ['host', 'srflx', 'prflx', 'relay'];
const ICE_CHARS = /^[A-Za-z0-9+/]{1,32}$/; // RFC 8839 §5.1: foundation = 1*32ice-char
const SIP_TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/; // RFC 3261 token (extension-att-name)
const VCHARS = /^[\x21-\x7e]+$/;
const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;

/**
 * Parses a candidate attribute, with or without the "a=" and "candidate:" prefixes. Accepts the transport in any
 * case; UDP and TCP (RFC 6544) candidates are accepted, other transports give 'unsupported-transport' so the caller
 * can skip them. IPv4, IPv6 (made canonical, RFC 5952) and host names (e.g. mDNS ".local") are accepted as addresses.
 */
export function parseCandidate(line: string): CandidateParseResult {
  const tokens = tokenize(line);
  const fail = (code: CandidateSyntaxCode, field: string, at: number, message: string): CandidateParseResult => ({
    ok: false,
    error: new CandidateSyntaxError(code, field, at, line, message),
  });
  if (tokens.length === 0) return fail('empty', 'candidate', 0, 'the line is empty');
  const first = stripPrefixes(tokens[0]);
  if (first.text === '') tokens.shift();
  else tokens[0] = first;
  const end = line.trimEnd().length;
  const need = (i: number, field: string): Token | CandidateParseResult =>
    tokens[i] ?? fail('missing-field', field, end, `missing ${field}`);
  const fields = ['foundation', 'component-id', 'transport', 'priority', 'connection-address', 'port', '"typ"', 'cand-type'];
  for (let i = 0; i < fields.length; i++) {
    const t = need(i, fields[i]);
    if ('ok' in t) return t;
  }
  const [fnd, comp, transport, prio, addr, port, typ, type] = tokens;
  if (!ICE_CHARS.test(fnd.text)) return fail('bad-foundation', 'foundation', fnd.at, 'expected 1..32 of A-Z a-z 0-9 + /');
  const component = parseUint(comp.text, 3);
  if (component === undefined || component < 1 || component > 256) {
    return fail('bad-component', 'component-id', comp.at, 'expected an integer 1..256');
  }
  const transportName = transport.text.toLowerCase();
  if (transportName !== 'udp' && transportName !== 'tcp') {
    return SIP_TOKEN.test(transport.text)
      ? fail('unsupported-transport', 'transport', transport.at, `only UDP and TCP are supported, got "${transport.text}"`)
      : fail('bad-transport', 'transport', transport.at, 'expected a transport token such as UDP or TCP');
  }
  const priority = parseUint(prio.text, 10);
  if (priority === undefined || priority > 0xffffffff) return fail('bad-priority', 'priority', prio.at, 'expected an integer 0..4294967295');
  if (!isAddress(addr.text)) return fail('bad-address', 'connection-address', addr.at, 'expected an IPv4/IPv6 address or a host name');
  const portNum = parsePort(port.text);
  if (portNum === undefined) return fail('bad-port', 'port', port.at, 'expected an integer 0..65535');
  if (typ.text !== 'typ') return fail('expected-typ', '"typ"', typ.at, `expected "typ", got "${typ.text}"`);
  if (!CANDIDATE_TYPES.includes(type.text as CandidateType)) {
    return fail('unsupported-type', 'cand-type', type.at, 'expected host, srflx, prflx or relay');
  }
  return parseTail(tokens.slice(8), fail, end, {
    foundation: fnd.text,
    component,
    transport: transportName as IceTransport,
    priority,
    address: canonicalAddress(addr.text),
    port: portNum,
    type: type.text as CandidateType,
  });
}

type Fail = (code: CandidateSyntaxCode, field: string, at: number, message: string) => CandidateParseResult;

interface Head {
  foundation: string;
  component: number;
  transport: IceTransport;
  priority: number;
  address: string;
  port: number;
  type: CandidateType;
}

/** Parses [raddr x] [rport y] *(name value) and builds the result. */
function parseTail(rest: Token[], fail: Fail, end: number, head: Head): CandidateParseResult {
  let i = 0;
  let relatedAddress: string | undefined;
  let relatedPort: number | undefined;
  if (rest[i]?.text === 'raddr') {
    const a = rest[i + 1];
    if (!a) return fail('missing-field', 'rel-addr', end, 'missing address after raddr');
    if (!isAddress(a.text)) return fail('bad-related-address', 'rel-addr', a.at, 'expected an IPv4/IPv6 address or a host name');
    relatedAddress = canonicalAddress(a.text);
    i += 2;
  }
  if (rest[i]?.text === 'rport') {
    const p = rest[i + 1];
    if (!p) return fail('missing-field', 'rel-port', end, 'missing port after rport');
    relatedPort = parsePort(p.text);
    if (relatedPort === undefined) return fail('bad-related-port', 'rel-port', p.at, 'expected an integer 0..65535');
    i += 2;
  }
  const extensions: CandidateExtension[] = [];
  let tcpType: TcpType | undefined;
  for (; i < rest.length; i += 2) {
    const name = rest[i];
    const value = rest[i + 1];
    if (!SIP_TOKEN.test(name.text)) return fail('bad-extension', 'extension-att-name', name.at, 'expected a token');
    if (!value) return fail('bad-extension', 'extension-att-value', end, `missing value for extension "${name.text}"`);
    if (!VCHARS.test(value.text)) return fail('bad-extension', 'extension-att-value', value.at, 'expected visible characters');
    if (name.text === 'tcptype') {
      // RFC 6544 §4.5: tcp-type-ext = "tcptype" SP tcp-type; only meaningful (and only allowed here) for TCP.
      if (head.transport !== 'tcp') return fail('bad-tcptype', 'tcptype', name.at, 'tcptype is only for TCP candidates (RFC 6544 §4.5)');
      if (tcpType !== undefined) return fail('bad-tcptype', 'tcptype', name.at, 'tcptype given twice');
      if (!TCP_TYPES.includes(value.text as TcpType)) return fail('bad-tcptype', 'tcptype', value.at, `expected active, passive or so, got "${value.text}"`);
      tcpType = value.text as TcpType;
      continue;
    }
    extensions.push({ name: name.text, value: value.text });
  }
  if (head.transport === 'tcp' && tcpType === undefined) {
    return fail('missing-tcptype', 'tcptype', end, 'a TCP candidate needs "tcptype active|passive|so" (RFC 6544 §4.5)');
  }
  const candidate: Candidate = {
    type: head.type,
    component: head.component,
    transport: head.transport,
    ...(tcpType !== undefined ? { tcpType } : {}),
    address: head.address,
    port: head.port,
    baseAddress: head.address,
    basePort: head.port,
    ...(relatedAddress !== undefined ? { relatedAddress } : {}),
    ...(relatedPort !== undefined ? { relatedPort } : {}),
    priority: head.priority,
    foundation: head.foundation,
  };
  const gen = extensions.find((e) => e.name === 'generation')?.value;
  const ufrag = extensions.find((e) => e.name === 'ufrag')?.value;
  const generation = gen !== undefined ? parseUint(gen, 10) : undefined;
  return {
    ok: true,
    value: { candidate, extensions, ...(generation !== undefined ? { generation } : {}), ...(ufrag !== undefined ? { ufrag } : {}) },
  };
}

/** Splits on spaces/tabs, remembering each token's offset; a trailing CR/LF is ignored. */
function tokenize(line: string): Token[] {
  const out: Token[] = [];
  for (const m of line.matchAll(/[^ \t\r\n]+/g)) out.push({ text: m[0], at: m.index });
  return out;
}

/** Drops a leading "a=" and then "candidate:" from the first token. */
function stripPrefixes(t: Token): Token {
  let { text, at } = t;
  if (text.startsWith('a=')) {
    text = text.slice(2);
    at += 2;
  }
  if (text.startsWith('candidate:')) {
    text = text.slice('candidate:'.length);
    at += 'candidate:'.length;
  }
  return { text, at };
}

function parseUint(text: string, maxDigits: number): number | undefined {
  if (!/^\d+$/.test(text) || text.length > maxDigits) return undefined;
  return Number(text);
}

function parsePort(text: string): number | undefined {
  const n = parseUint(text, 5);
  return n !== undefined && n <= 65535 ? n : undefined;
}

/** IPv6 text in RFC 5952 canonical form (lower case, shortest); anything else unchanged. */
function canonicalAddress(text: string): string {
  if (!text.includes(':')) return text;
  const bytes = tryParseIpv6(text);
  return bytes ? formatIpv6(bytes) : text;
}

/** IPv4 dotted quad, IPv6 in any RFC 4291 §2.2 form (no zone id), or a host name that is not an all-numeric non-IPv4. */
function isAddress(text: string): boolean {
  const family = addressFamily(text);
  if (family === 'ipv4') return true;
  if (family === 'ipv6') return text.length <= 45 && tryParseIpv6(text) !== undefined;
  if (/^[\d.]+$/.test(text)) return isIpv4(text);
  return HOST_NAME.test(text) && text.length <= 253;
}
