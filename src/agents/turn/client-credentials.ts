/**
 * The client side of the long-term credential mechanism (RFC 8489 §9.2.3, §9.2.5): remember REALM and NONCE from
 * a 401 or 438, compute the key MD5(username ":" realm ":" password) once per realm, and add USERNAME, REALM,
 * NONCE and MESSAGE-INTEGRITY to every later request.
 */
import { longTermKey, type DecodedStunMessage, type IntegrityInit, type StunMessage } from '../../protocols/stun';

/** Username, password and what the server told us (realm, nonce). */
export class ClientCredentials {
  private realmValue: string | undefined;
  private nonceValue: string | undefined;
  private key: Uint8Array | undefined;

  constructor(
    readonly username: string,
    private readonly password: string,
  ) {}

  /** The REALM learned from the server, if any. */
  get realm(): string | undefined {
    return this.realmValue;
  }

  /** The NONCE in use, if any. */
  get nonce(): string | undefined {
    return this.nonceValue;
  }

  /** True once REALM and NONCE are known, so requests can be signed. */
  get ready(): boolean {
    return this.key !== undefined && this.nonceValue !== undefined;
  }

  /**
   * Takes REALM and NONCE from a 401 or 438 response (RFC 8489 §9.2.5). Returns false when the response lacks a
   * NONCE, or a REALM is needed and missing, or the password cannot be prepared (SASLprep/OpaqueString).
   */
  learn(response: DecodedStunMessage): boolean {
    const nonce = response.get('NONCE');
    const realm = response.get('REALM') ?? this.realmValue;
    if (nonce === undefined || realm === undefined) return false;
    if (realm !== this.realmValue || !this.key) {
      try {
        this.key = longTermKey(this.username, realm, this.password);
      } catch {
        return false;
      }
      this.realmValue = realm;
    }
    this.nonceValue = nonce;
    return true;
  }

  /** Adds USERNAME, REALM and NONCE to `msg` and returns the integrity option to sign it; undefined before learn(). */
  sign(msg: StunMessage): IntegrityInit | undefined {
    if (!this.ready) return undefined;
    msg.add('USERNAME', this.username).add('REALM', this.realmValue!).add('NONCE', this.nonceValue!);
    return { key: this.key! };
  }
}
