/** Transaction ids (RFC 8489 §5): 96 bits, uniformly random, chosen by the client. Pure helpers. */
import { TRANSACTION_ID_LENGTH } from './constants';

/** Anything that yields random bytes (RandomSource from src/sim/rng or HostEnv.random fits). */
export interface RandomBytesSource {
  bytes(n: number): Uint8Array;
}

/** A new 12-byte transaction id drawn from `random` (RFC 8489 §5: uniformly random over 0..2^96-1). */
export function newTransactionId(random: RandomBytesSource): Uint8Array {
  return random.bytes(TRANSACTION_ID_LENGTH);
}

/** Lower-case hex of a transaction id (24 characters); use it as a Map key for pending transactions. */
export function transactionIdHex(id: Uint8Array): string {
  let s = '';
  for (const b of id) s += b.toString(16).padStart(2, '0');
  return s;
}

/** True if two transaction ids are byte-equal. */
export function sameTransactionId(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
