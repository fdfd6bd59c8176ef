/** Pure stream helpers shared by the protocols that run over TCP: a chunked byte queue and RFC 4571 framing. */
export * from './byte-queue';
export * from './rfc4571-framing';
