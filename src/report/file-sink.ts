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

/** Options for FileSink. */
export interface FileSinkInit {
  /**
   * Bytes buffered before a write to the file.
   * @default 65536
   */
  bufferSize?: number;
}

/** A file written synchronously through a buffer. Creates or truncates the file. */
export class FileSink implements ByteSink {
  private fd: number | undefined;
  private readonly buf: Buffer;
  private used = 0;

  constructor(readonly path: string, init: FileSinkInit = {}) {
    this.fd = openSync(path, 'w');
    this.buf = Buffer.alloc(init.bufferSize ?? 65536);
  }

  write(chunk: Uint8Array): void {
    if (this.fd === undefined) throw new WriterClosedError(this.path);
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
