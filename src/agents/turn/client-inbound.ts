/**
 * What a datagram from the TURN server means to the client, as a pure decision (RFC 8656 §11.4, §12.7, RFC 7983
 * §7): ChannelData on a channel the client bound, a Data indication, something to discard, or not TURN data.
 */
import { decode, StunMethod } from '../../protocols/stun';
import { decodeChannelData, formatChannelNumber, isChannelData, type TransportAddress } from '../../protocols/turn';
import { fromStunAddress } from './addresses';
import type { RelayedVia } from './client-events';

/** The verdict on one datagram from the server. */
export type InboundFromServer =
  | { readonly kind: 'data'; readonly peer: TransportAddress; readonly data: Uint8Array; readonly via: RelayedVia }
  | { readonly kind: 'drop'; readonly detail: string }
  /** Not relayed data (e.g. a STUN request or response nobody claimed): the socket owner's. */
  | { readonly kind: 'other' };

/**
 * Classifies a datagram the server sent: ChannelData is data from the channel's peer (`peerFor`), or dropped when
 * malformed or on a channel the client never bound; a Data indication is data from its XOR-PEER-ADDRESS, or
 * dropped without XOR-PEER-ADDRESS or DATA (§11.4). Never throws.
 */
export function classifyFromServer(bytes: Uint8Array, peerFor: (channel: number) => TransportAddress | undefined): InboundFromServer {
  if (isChannelData(bytes)) {
    const cd = decodeChannelData(bytes);
    if (!cd.ok) return { kind: 'drop', detail: `ChannelData ${cd.error.code}: ${cd.error.message}` };
    const peer = peerFor(cd.channel);
    if (!peer) return { kind: 'drop', detail: `ChannelData on unknown channel ${formatChannelNumber(cd.channel)}` };
    return { kind: 'data', peer, data: cd.data.slice(), via: 'channel' };
  }
  const r = decode(bytes);
  if (!r.ok || r.message.class !== 'indication' || r.message.method !== StunMethod.Data) return { kind: 'other' };
  const xpa = r.message.get('XOR-PEER-ADDRESS');
  const data = r.message.get('DATA');
  if (!xpa || !data) return { kind: 'drop', detail: 'Data indication without XOR-PEER-ADDRESS or DATA' };
  return { kind: 'data', peer: fromStunAddress(xpa), data: data.slice(), via: 'indication' };
}
