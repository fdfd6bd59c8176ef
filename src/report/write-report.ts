/**
 * writeReport: every report file of one run into one folder (reports/<scenario>/ by default in the CLI).
 * All outputs are pure functions of the RunRecord, so the same run gives byte-identical files.
 */
import { mkdirSync } from 'fs';
import { join } from 'path';
import { reportHtml } from './html/page';
import { traceJsonl } from './jsonl-writer';
import type { DiskBudget } from './file-sink';
import { captureInterfaces, pcapngFromEvents } from './pcapng-writer';
import { reportMarkdown } from './report-markdown';
import type { RunRecord } from './run-record';
import { summaryJson } from './summary-json';
import { writeFileAnew } from './write-anew';

/** File names inside a report folder. */
export const REPORT_FILES = {
  summary: 'summary.json',
  markdown: 'report.md',
  html: 'report.html',
  trace: 'trace.jsonl',
  capture: 'capture.pcapng',
} as const;

/** Options for writeReport. */
export interface WriteReportInit {
  /**
   * Write trace.jsonl from `record.events`. Set false when the runner streamed it with JsonlTraceWriter.
   * @default true
   */
  trace?: boolean;
  /**
   * Write capture.pcapng from `record.events`. Set false when the runner streamed it with PcapngWriter.
   * @default true
   */
  capture?: boolean;
  /**
   * Packets drawn in report.html's static ladder (shown without scripts; the interactive diagram shows every one).
   * @default 40
   */
  ladderMaxPackets?: number;
  /** Disk budget of the folder: a file it refuses is replaced by a one-line note saying so. @default none */
  budget?: DiskBudget;
}

/** Writes the report files into `dir` (created if missing) and returns the paths written, in a fixed order. */
export function writeReport(dir: string, record: RunRecord, init: WriteReportInit = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string | Uint8Array][] = [
    [REPORT_FILES.summary, summaryJson(record)],
    [REPORT_FILES.markdown, reportMarkdown(record)],
    [REPORT_FILES.html, reportHtml(record, { ladderMaxPackets: init.ladderMaxPackets })],
  ];
  if (init.trace ?? true) files.push([REPORT_FILES.trace, traceJsonl(record.events)]);
  if (init.capture ?? true) {
    files.push([REPORT_FILES.capture, pcapngFromEvents(record.events, { interfaces: captureInterfaces(record.topology) })]);
  }
  return files.map(([name, data]) => {
    const path = join(dir, name);
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    const budget = init.budget;
    writeFileAnew(path, !budget || budget.take(size, path, true) ? data : `${budget.reason({ file: path, whole: true, bytes: size })}\n`);
    return path;
  });
}
