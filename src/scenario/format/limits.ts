/**
 * Size limits of scenario input, in one dependency-free file so the CLI can show them in --help without loading
 * the validator.
 */

/**
 * Largest scenario input accepted by default, in bytes (1 MiB). Real scenario files are a few kilobytes; a huge
 * one (a 50 MB list) would take minutes and gigabytes to validate. Raise it with LoadInit.maxInputBytes
 * (`natsim run --max-input-mb`).
 */
export const MAX_INPUT_BYTES = 1024 * 1024;
