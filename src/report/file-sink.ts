/**
 * Byte sinks for the streaming writers. The simulator runs synchronously, so an asynchronous stream would queue
 * every chunk in memory until the run ends; FileSink writes with fs.writeSync through a small buffer instead.
 */
import { closeSync, openSync, writeSync } from 'fs';

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

/**
 * Bytes a group of files may take on disk (a run's report folder). Once a write would pass the limit the budget is
 * full for good: that write and every later one is refused and `onFull` is called once, so a storm cannot fill
 * the disk (storms used to write 5-9 GB of trace files).
 */
export class DiskBudget {
  private used = 0;
  private over = false;

  /**
   * @param limitBytes most bytes in all (0 = no limit)
   * @param onFull called once, when the first write is refused
   */
  constructor(readonly limitBytes: number, private readonly onFull?: (limitBytes: number) => void) {}

  /** Bytes granted so far. */
  get bytesUsed(): number {
    return this.used;
  }

  /** True once a write was refused. */
  get full(): boolean {
    return this.over;
  }

  /** Grants `n` more bytes, or refuses them (and every later request) when they would pass the limit. */
  take(n: number): boolean {
    if (!this.over && (this.limitBytes <= 0 || this.used + n <= this.limitBytes)) {
      this.used += n;
      return true;
    }
    if (!this.over) {
      this.over = true;
      this.onFull?.(this.limitBytes);
    }
    return false;
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
    this.fd = openSync(path, 'w');
    this.buf = Buffer.alloc(init.bufferSize ?? 65536);
    this.budget = init.budget;
  }

  write(chunk: Uint8Array): void {
    if (this.fd === undefined) throw new WriterClosedError(this.path);
    if (this.budget && !this.budget.take(chunk.byteLength)) return;
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
