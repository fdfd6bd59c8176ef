/** Test helpers for reading natsim's captures with tshark (Wireshark), the independent decoder. */
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import { writeFileSync } from 'fs';

/** Every value of `field` in tshark's `-T json` output (searched in the JSON text by the field's name). */
export function jsonValues(json: string, field: string): string[] {
  return [...json.matchAll(new RegExp(`"${field.replace(/\./g, '\\.')}": "([^"]*)"`, 'g'))].map((m) => m[1]);
}

/**
 * Writes `pcapng` to `path` and has tshark decode it as JSON with IPv4 and UDP checksum verification on; the test
 * fails unless tshark exits 0. Returns tshark's JSON text.
 */
export function tsharkJsonWithChecksums(tshark: string, path: string, pcapng: Uint8Array): string {
  writeFileSync(path, pcapng);
  const r = spawnSync(tshark, ['-r', path, '-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-T', 'json', '--no-duplicate-keys'],
    { encoding: 'utf8', timeout: 60000, maxBuffer: 64 << 20 });
  expect(r.status, r.stderr).to.equal(0);
  return r.stdout;
}
