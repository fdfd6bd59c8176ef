/**
 * natsim's STUN Binding server (src/agents/stun) on real UDP sockets: `natsim serve stun`. With an alternate
 * address it runs in RFC 5780 mode (§6): four sockets A1:P1, A1:P2, A2:P1, A2:P2 from --listen A1:P1 and
 * --alt A2:P2, so NAT behaviour discovery clients (natsim discover, turnutils_natdiscovery) can use it.
 */
import { StunServer } from '../agents/stun/stun-server';
import { formatTransportAddress } from '../agents/stun/transport-address';
import { parseHostPort } from './host-port';
import { DEFAULT_SERVER_RECV_BUFFER, RealHostEnv } from './real-host-env';
import { RealOptionError, ServiceStartError } from './real-errors';
import type { ServerLog } from './server-log';

/** Default requests a second per source IP of `natsim serve stun` (as `natsim serve turn`'s --max-requests). */
export const DEFAULT_STUN_MAX_REQUESTS = 50;

/** Options of a real STUN service. */
export interface StunServiceInit {
  /** Primary address `IP:PORT` (A1:P1). Required. */
  listen: string;
  /** Alternate address `IP:PORT` (A2:P2) for RFC 5780; IP and port must both differ from listen. @default none */
  alt?: string;
  /** SOFTWARE attribute. @default 'natsim' */
  software?: string;
  /** Log. @default no logging */
  log?: ServerLog;
  /** Receive buffer to ask for on each socket, bytes (the kernel caps it); 0 keeps the system's. @default 4 MiB */
  recvBufferBytes?: number;
  /** Requests a second per source IP (burst twice that); 0: no limit. @default 50 */
  maxRequests?: number;
  /** Log one `request` line per answered request (`serve stun --verbose`). @default false */
  logRequests?: boolean;
}

/** A running service. */
export interface RealService {
  /** Where it listens, `ip:port` per socket. */
  readonly endpoints: readonly string[];
  /** Closes every socket; idempotent. */
  close(): void;
}

/** A running STUN service and its server (stats). */
export interface StunService extends RealService {
  readonly server: StunServer;
}

/**
 * Starts the STUN server; resolves once every socket is bound.
 * @throws RealOptionError for bad addresses; rejects with ServiceStartError when a socket cannot bind
 */
export function startStunService(init: StunServiceInit): Promise<StunService> {
  const a1 = parseHostPort(init.listen, '--listen', { ipOnly: true });
  const a2 = init.alt === undefined ? undefined : parseHostPort(init.alt, '--alt', { ipOnly: true });
  if (a2 && (a2.host === a1.host || a2.port === a1.port)) {
    throw new RealOptionError('--alt', `RFC 5780 needs a second address AND a second port (got ${init.alt} with --listen ${init.listen})`);
  }
  const addresses = a2 ? [a1.host, a2.host] : [a1.host];
  const ports = a2 ? [a1.port, a2.port] : [a1.port];
  let starting = true;
  let fail: (err: Error) => void = () => undefined;
  const env = new RealHostEnv({
    name: 'stun',
    addresses,
    recvBufferBytes: init.recvBufferBytes === 0 ? undefined : (init.recvBufferBytes ?? DEFAULT_SERVER_RECV_BUFFER),
    onEvent: (agent, event, data) => {
      init.log?.sink(agent, event, data);
      if (starting && event === 'socket-error') fail(new Error(String(data?.error ?? data?.message ?? 'socket error')));
    },
  });
  const maxRequests = init.maxRequests ?? DEFAULT_STUN_MAX_REQUESTS;
  if (!(Number.isFinite(maxRequests) && maxRequests >= 0)) throw new RealOptionError('--max-requests', `${maxRequests} must be a number >= 0 (0: no limit)`);
  const server = new StunServer(env, {
    addresses, ports, software: init.software, requestEvents: init.logRequests === true, requestsPerSecondPerSource: maxRequests === 0 ? undefined : maxRequests,
  });
  const service: StunService = {
    server,
    endpoints: server.endpoints.map(formatTransportAddress),
    close: () => {
      server.close();
      env.closeAll();
    },
  };
  return new Promise((resolve, reject) => {
    fail = (err) => {
      starting = false;
      service.close();
      reject(new ServiceStartError(`STUN server on ${service.endpoints.join(', ')}`, err));
    };
    server.start(() => {
      if (!starting) return;
      starting = false;
      resolve(service);
    });
  });
}
