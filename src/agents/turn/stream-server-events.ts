/**
 * What the TURN server does with the events of its TCP/TLS links (stream-links.ts): traces connections
 * ('stream-connected', 'stream-closed'), counts and traces refused connections ('stream-limit') and unframeable
 * bytes ('stream-framing', the connection is closed), and hands messages and closes to the server.
 */
import type { TurnStreamFrame } from '../../protocols/turn';
import { addressText } from './addresses';
import type { TurnServerEventName } from './server-events';
import type { TurnServerDropReason } from './server-stats';
import type { StreamClientAddress, StreamLinkHandlers } from './stream-links';

/** The server's side of the stream events. */
export interface StreamServerHooks {
  message(frame: TurnStreamFrame, from: StreamClientAddress): void;
  drop(reason: TurnServerDropReason, data: Record<string, unknown>): void;
  trace(event: TurnServerEventName, data: Record<string, unknown>): void;
  closed(from: StreamClientAddress): void;
}

/** StreamLinkHandlers that trace, count and forward to the server. */
export function streamLinkHandlers(hooks: StreamServerHooks): StreamLinkHandlers {
  const who = (from: StreamClientAddress): Record<string, unknown> => ({
    client: addressText(from),
    transport: from.transport,
    server: addressText(from.server),
  });
  return {
    message: hooks.message,
    framingError: (err, from) => hooks.drop('stream-framing', { ...who(from), code: err.code, offset: err.offset, detail: err.message }),
    connected: (from, accepted) => {
      if (accepted) hooks.trace('stream-connected', who(from));
      else hooks.drop('stream-limit', who(from));
    },
    closed: (from, hadError) => {
      hooks.trace('stream-closed', { ...who(from), hadError });
      hooks.closed(from);
    },
    listenerError: (transport, err) => hooks.trace('socket-error', { transport, message: err.message }),
  };
}
