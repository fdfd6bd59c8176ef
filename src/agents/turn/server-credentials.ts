/**
 * Static users and TURN REST credentials together (coturn accepts both when --use-auth-secret is combined with
 * user entries): a username known to the static store uses its key; any other is tried as a REST username.
 */
import type { CredentialLookup, CredentialSource, CredentialStore, RestCredentialSource } from '../../protocols/turn';

/** Looks a username up in a CredentialStore first, then in a RestCredentialSource (same realm). */
export class CombinedCredentialSource implements CredentialSource {
  readonly realm: string;

  constructor(
    private readonly store: CredentialStore,
    private readonly rest: RestCredentialSource,
  ) {
    this.realm = store.realm;
  }

  /** RFC 8489 §9.2.4 key lookup: the static user's key, else the REST key (or the REST failure). */
  lookup(username: string, nowUnixSeconds: number): CredentialLookup {
    const found = this.store.lookup(username);
    return found.ok ? found : this.rest.lookup(username, nowUnixSeconds);
  }
}
