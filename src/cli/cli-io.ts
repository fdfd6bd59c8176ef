/** Where a command writes, so commands can be tested without a terminal. */
import { useColour } from './output';

/** Output streams and terminal facts of one command invocation. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** True when standard error is a terminal (progress bars go there). */
  readonly tty: boolean;
  /** True when colours are on (NO_COLOR respected). */
  readonly colour: boolean;
  /** The stream a progress bar draws on, when tty. */
  readonly progressStream?: NodeJS.WriteStream;
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    out: (t) => void process.stdout.write(t),
    err: (t) => void process.stderr.write(t),
    tty: Boolean(process.stderr.isTTY),
    colour: useColour(),
    progressStream: process.stderr,
  };
}

/** An io that keeps everything in strings (tests). */
export function memoryIo(init: { tty?: boolean; colour?: boolean } = {}): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (t: string) => void (io.stdout += t),
    err: (t: string) => void (io.stderr += t),
    tty: init.tty ?? false,
    colour: init.colour ?? false,
  };
  return io;
}
