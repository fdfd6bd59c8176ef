/**
 * `natsim serve turn --tls-listen IP:PORT --tls-cert FILE --tls-key FILE`: TURN over TLS-over-TCP (RFC 8656 §3.1,
 * port 5349 by convention, 443 to pass firewalls) with node:tls. The certificate and key files are read and checked
 * before anything listens, so a missing or bad file is a clear option error (exit 2), not a failure at the first
 * client.
 */
import { readFileSync } from 'fs';
import tls = require('tls');
import type { TurnServer } from '../agents/turn/turn-server';
import { parseHostPort, type HostPort } from './host-port';
import { RealOptionError, ServiceStartError } from './real-errors';
import { RealTlsServer } from './real-tcp';

/** The TLS options of a TURN service. */
export interface TurnTlsInit {
  /** `IP:PORT` to listen on for TLS. */
  listen?: string;
  /** PEM certificate (chain) file. */
  certFile?: string;
  /** PEM private key file. */
  keyFile?: string;
}

/** Checked TLS settings: where to listen and the loaded key and certificate. */
export interface TurnTlsConfig {
  readonly listen: HostPort;
  readonly cert: Buffer;
  readonly key: Buffer;
}

/**
 * Checks the TLS flags together: all three or none. Reads both files and builds a secure context once, so a file
 * that is missing, unreadable, not PEM, or a key that does not match the certificate is reported now.
 * @throws RealOptionError naming the flag and what is wrong
 */
export function resolveTurnTls(init: TurnTlsInit): TurnTlsConfig | undefined {
  const given = [['--tls-listen', init.listen], ['--tls-cert', init.certFile], ['--tls-key', init.keyFile]] as const;
  if (given.every(([, v]) => v === undefined)) return undefined;
  const missing = given.filter(([, v]) => v === undefined).map(([f]) => f);
  if (missing.length > 0) throw new RealOptionError(missing[0], `TLS needs --tls-listen, --tls-cert and --tls-key together; missing ${missing.join(', ')}`);
  const listen = parseHostPort(init.listen!, '--tls-listen', { ipOnly: true });
  const cert = readPem(init.certFile!, '--tls-cert', 'CERTIFICATE');
  const key = readPem(init.keyFile!, '--tls-key', 'PRIVATE KEY');
  try {
    tls.createSecureContext({ cert, key });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new RealOptionError('--tls-key', `the key ${init.keyFile} and certificate ${init.certFile} cannot be used together: ${why}`);
  }
  return { listen, cert, key };
}

function readPem(file: string, flag: string, label: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new RealOptionError(flag, `cannot read '${file}'${code ? ` (${code})` : ''}: give a PEM file`);
  }
  if (!bytes.toString('latin1').includes(label)) {
    throw new RealOptionError(flag, `'${file}' is not a PEM file with a ${label} block (-----BEGIN ...${label}-----)`);
  }
  return bytes;
}

/**
 * Listens for TLS clients and serves them with `server` (transport 'tls'); resolves with the listener once it
 * listens. Failed handshakes are reported to `onHandshakeError` (a log line), not thrown.
 */
export function listenTurnTls(server: TurnServer, config: TurnTlsConfig, onHandshakeError: (err: Error) => void): Promise<RealTlsServer> {
  const tlsServer = new RealTlsServer({ cert: config.cert, key: config.key }, onHandshakeError);
  server.acceptStreams(tlsServer, 'tls', { address: config.listen.host, port: config.listen.port });
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => reject(new ServiceStartError(`TURN over TLS on ${config.listen.host}:${config.listen.port}`, err));
    tlsServer.once('error', fail);
    tlsServer.listen(config.listen.port, config.listen.host, () => {
      tlsServer.off('error', fail);
      resolve(tlsServer);
    });
  });
}
