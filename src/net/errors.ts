/** Errors for misuse of the network API: each names the bad value and what would be valid. */

/** A malformed IPv4 address, CIDR prefix or endpoint string. */
export class AddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressError';
  }
}

/** A topology mistake: duplicate names or addresses, an address outside its network, an unknown network. */
export class TopologyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TopologyError';
  }
}

/** A bad link property (negative latency, loss outside [0, 1], ...); `path` names the property. */
export class LinkConfigError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'LinkConfigError';
  }
}
