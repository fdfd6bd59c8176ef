/**
 * Short-term credential keys (RFC 8489 §9.1.1: key = SASLprep(password)), cached per password so that the check
 * path does not run SASLprep for every message. One cache per agent; no module-level state.
 */
import { shortTermKey } from '../../protocols/stun';

/** Caches shortTermKey(password). */
export class KeyCache {
  /** key: the password */
  private readonly keys = new Map<string, Uint8Array>();

  /** The short-term key for `password`. */
  key(password: string): Uint8Array {
    let k = this.keys.get(password);
    if (!k) {
      k = shortTermKey(password);
      this.keys.set(password, k);
    }
    return k;
  }
}
