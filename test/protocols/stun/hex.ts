/** Test helpers: hex text <-> bytes (whitespace in hex text is ignored). */

/** Bytes from hex text such as '0001f523 ea12d547'. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex: ${text}`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
