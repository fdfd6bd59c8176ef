/** Layer 2: the RFC 4787 NAT's pure core (settings, presets, mapping table, port assignment) and the firewall. */
export * from './nat-errors';
export * from './nat-config';
export * from './nat-presets';
export * from './nat-validate';
export * from './nat-mapping';
export * from './nat-results';
export * from './expiry-queue';
export * from './port-pool';
export * from './port-allocator';
export * from './ip-pooling';
export * from './filtering';
export * from './mapping-index';
export * from './hairpin';
export * from './nat-table';
export * from './firewall-config';
export * from './firewall';
