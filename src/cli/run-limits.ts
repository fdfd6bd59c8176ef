/**
 * Whole-number flags and the run budgets (--max-events, --max-wall, --max-trace-mb, --max-report-mb,
 * --max-memory-mb, --max-input-mb) parsed into RunLimits, for every command that runs scenarios.
 */
import type { RunLimits } from '../scenario/run/run-scenario';
import { CliUsageError } from './cli-errors';

/** The budget flags as commander gives them. */
export interface RunLimitFlags {
  maxEvents?: string;
  maxWall?: string;
  maxTraceMb?: string;
  maxReportMb?: string;
  maxMemoryMb?: string;
  maxInputMb?: string;
}

/** Bytes in one MB as the --max-*-mb flags count them (2^20). */
const MB = 1024 * 1024;

/** The run budgets from the --max-* flags (0 = no limit), as plain data a worker thread can receive. */
export function runLimitsFrom(opts: RunLimitFlags): RunLimits {
  return {
    ...(opts.maxEvents !== undefined ? { maxEvents: intOption('--max-events', opts.maxEvents, 0, Number.MAX_SAFE_INTEGER) || Infinity } : {}),
    ...(opts.maxWall !== undefined ? { maxWallMs: intOption('--max-wall', opts.maxWall, 0, 7 * 24 * 3600) * 1000 } : {}),
    ...(opts.maxTraceMb !== undefined ? { maxTraceBytes: intOption('--max-trace-mb', opts.maxTraceMb, 0, 1024 * 1024) * MB } : {}),
    ...(opts.maxReportMb !== undefined ? { maxReportBytes: intOption('--max-report-mb', opts.maxReportMb, 0, 1024 * 1024) * MB } : {}),
    ...(opts.maxMemoryMb !== undefined ? { maxMemoryBytes: intOption('--max-memory-mb', opts.maxMemoryMb, 0, 1024 * 1024) * MB } : {}),
  };
}

/** The scenario input size limit from --max-input-mb. */
export function maxInputBytesFrom(opts: RunLimitFlags): number | undefined {
  return opts.maxInputMb !== undefined ? intOption('--max-input-mb', opts.maxInputMb, 1, 1024) * MB : undefined;
}

/** A whole number option within bounds. */
export function intOption(flag: string, text: string, min: number, max: number): number {
  const n = /^\d+$/u.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new CliUsageError(`${flag} ${text}: expected a whole number from ${min} to ${max}`);
  return n;
}
