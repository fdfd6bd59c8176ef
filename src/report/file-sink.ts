/**
 * Byte sinks for the streaming writers. The simulator runs synchronously, so an asynchronous stream would queue
 * every chunk in memory until the run ends; FileSink writes with fs.writeSync through a small buffer instead.
 */
import { closeSync, writeSync } from 'fs';
import { openAnew } from './write-anew';

/** Where a streaming writer puts its bytes. */
export interface ByteSink {
  write(chunk: Uint8Array): void;
  /** Flushes and releases the sink; later writes are errors. */
  close(): void;
}

/** Thrown when a closed writer is written to. */
export class WriterClosedError extends Error {
  constructor(what: string) {
    super(`${what}: write after close (create a new writer for a new file)`);
    this.name = 'WriterClosedError';
  }
}

/** A file the disk budget cut: what was refused and why. */
export interface DiskCut {
  /** The file's path, as its writer named it. */
  readonly file: string;
  /** True when the whole file was refused (a report file written at the end), false when a stream was cut short. */
  readonly whole: boolean;
  /** Bytes of the first refused write (for a whole file: its size). */
  readonly bytes: number;
}

/**
 * Bytes a group of files may take on disk (a run's report folder). Once a write would pass the limit the budget is
 * full for good: that write and every later one is refused and `onFull` is called once, so a storm cannot fill
 * the disk (storms used to write 5-9 GB of trace files). Every file refused is listed in `cuts`.
 */
export class DiskBudget {
  private used = 0;
  private over = false;
  private readonly cutFiles: DiskCut[] = [];

  /**
   * @param limitBytes most bytes in all (0 = no limit)
   * @param onFull called once, when the first write is refused, with the limit and the file refused
   */
  constructor(readonly limitBytes: number, private readonly onFull?: (limitBytes: number, file?: string) => void) {}

  /** Bytes granted so far. */
  get bytesUsed(): number {
    return this.used;
  }

  /** True once a write was refused. */
  get full(): boolean {
    return this.over;
  }

  /** The files cut so far, in the order they were first refused (each once). */
  get cuts(): readonly DiskCut[] {
    return this.cutFiles;
  }

  /**
   * Grants `n` more bytes, or refuses them (and every later request) when they would pass the limit.
   * @param file the file the bytes are for, listed in `cuts` when refused
   * @param whole true when the bytes are the whole file (it is then not written at all)
   */
  take(n: number, file?: string, whole = false): boolean {
    if (!this.over && (this.limitBytes <= 0 || this.used + n <= this.limitBytes)) {
      this.used += n;
      return true;
    }
    if (file !== undefined && !this.cutFiles.some((c) => c.file === file)) this.cutFiles.push({ file, whole, bytes: n });
    if (!this.over) {
      this.over = true;
      this.onFull?.(this.limitBytes, file);
    }
    return false;
  }

  /** Why a file was cut, in words (also the one-line note that replaces a whole file). */
  reason(cut: DiskCut): string {
    return cut.whole
      ? `not written: ${cut.bytes} bytes would pass the report's disk budget of ${this.limitBytes} bytes (--max-report-mb)`
      : `cut short: the report's disk budget of ${this.limitBytes} bytes was full (--max-report-mb)`;
  }
}

/** Options for FileSink. */
export interface FileSinkInit {
  /**
   * Bytes buffered before a write to the file.
   * @default 65536
   */
  bufferSize?: number;
  /** A disk budget shared with other files; writes past it are dropped (the file stops growing). @default none */
  budget?: DiskBudget;
}

/** A file written synchronously through a buffer. Creates or truncates the file. */
export class FileSink implements ByteSink {
  private fd: number | undefined;
  private readonly buf: Buffer;
  private used = 0;
  private readonly budget: DiskBudget | undefined;

  constructor(readonly path: string, init: FileSinkInit = {}) {
    this.fd = openAnew(path);
    this.buf = Buffer.alloc(init.bufferSize ?? 65536);
    this.budget = init.budget;
  }

  write(chunk: Uint8Array): void {
    if (this.fd === undefined) throw new WriterClosedError(this.path);
    if (this.budget && !this.budget.take(chunk.byteLength, this.path)) return;
    if (this.used + chunk.byteLength > this.buf.length) this.flush();
    if (chunk.byteLength >= this.buf.length) {
      writeSync(this.fd, chunk);
      return;
    }
    this.buf.set(chunk, this.used);
    this.used += chunk.byteLength;
  }

  /** Writes the buffered bytes to the file. */
  flush(): void {
    if (this.fd === undefined || this.used === 0) return;
    writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A sink that keeps the bytes in memory (tests, or small runs). */
export class MemorySink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];
  private closed = false;

  write(chunk: Uint8Array): void {
    if (this.closed) throw new WriterClosedError('MemorySink');
    this.chunks.push(Uint8Array.from(chunk));
  }

  close(): void {
    this.closed = true;
  }

  /** Everything written so far. */
  bytes(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks));
  }
}
