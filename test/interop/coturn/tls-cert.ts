/**
 * A self-signed certificate for the TLS interop tests, made at test time with `openssl req -x509` (no certificate
 * generator in node). Tests skip loudly without openssl.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { findTool } from '../../report/support/tools';

/** Paths of a fresh key and certificate for CN=127.0.0.1 (with IP SAN), and a remover. */
export interface TestCert {
  readonly certFile: string;
  readonly keyFile: string;
  readonly dir: string;
  remove(): void;
}

/** Makes a 2048-bit RSA self-signed certificate valid 1 day; undefined when openssl is not installed. */
export function makeSelfSignedCert(): TestCert | undefined {
  const openssl = findTool('openssl');
  if (!openssl) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'natsim-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(openssl, [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' });
  return { certFile, keyFile, dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
