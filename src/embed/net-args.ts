/**
 * Node's net argument forms (lib/net.js normalizeArgs): connect(options[, cb]), connect(port[, host][, cb]);
 * a path (IPC) is not a network connection and is refused with EmbedUnsupportedError.
 */
import { EmbedUnsupportedError } from './embed-errors';

/** The connect options natsim's embedding uses. */
export interface NetConnectArgs {
  port: number;
  host: string;
  localAddress?: string;
  localPort?: number;
  allowHalfOpen?: boolean;
  noDelay?: boolean;
  timeout?: number;
  callback?: () => void;
}

/** Normalizes net.connect/createConnection/socket.connect arguments. */
export function parseConnectArgs(args: unknown[]): NetConnectArgs {
  const last = args[args.length - 1];
  const callback = typeof last === 'function' ? (last as () => void) : undefined;
  const first = args[0];
  if (typeof first === 'object' && first !== null) {
    const o = first as Record<string, unknown>;
    if (o.path !== undefined) throw new EmbedUnsupportedError('a net connection to a path (IPC)', 'connect to a port and host');
    return {
      port: Number(o.port),
      host: typeof o.host === 'string' ? o.host : 'localhost',
      ...(typeof o.localAddress === 'string' ? { localAddress: o.localAddress } : {}),
      ...(o.localPort !== undefined ? { localPort: Number(o.localPort) } : {}),
      ...(typeof o.allowHalfOpen === 'boolean' ? { allowHalfOpen: o.allowHalfOpen } : {}),
      ...(typeof o.noDelay === 'boolean' ? { noDelay: o.noDelay } : {}),
      ...(typeof o.timeout === 'number' ? { timeout: o.timeout } : {}),
      ...(callback ? { callback } : {}),
    };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) throw new EmbedUnsupportedError(`a net connection to the path '${first}' (IPC)`, 'connect to a port and host');
  return { port: Number(first), host: typeof args[1] === 'string' ? args[1] : 'localhost', ...(callback ? { callback } : {}) };
}
