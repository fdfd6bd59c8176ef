/**
 * Simulated out-of-band signaling (RFC 8445 §5.3 leaves the exchange to the application): credentials, RFC 8839
 * candidate lines and RFC 8838 end-of-candidates between agents, with a configurable delay on virtual time.
 */
export * from './errors';
export * from './signaling-message';
export * from './signaling-channel';
