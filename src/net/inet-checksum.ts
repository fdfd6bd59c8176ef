/** The Internet checksum (RFC 1071), shared by ICMP messages here and by the capture writer's IPv4/UDP headers. */

/** RFC 1071: one's-complement sum of 16-bit words (big-endian), not yet folded or inverted. */
export function onesSum(bytes: Uint8Array, start = 0, end = bytes.length, sum = 0): number {
  let s = sum;
  let i = start;
  for (; i + 1 < end; i += 2) s += (bytes[i] << 8) | bytes[i + 1];
  if (i < end) s += bytes[i] << 8; // odd length: pad with a zero byte
  return s;
}

/** RFC 1071: folds a sum to 16 bits and inverts it. */
export function finishChecksum(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}
