/**
 * Browser stand-in for Node's `string_decoder` (the simulated TCP socket's setEncoding uses it). UTF-8 keeps a
 * character split across chunks for the next write, as Node's does (TextDecoder in streaming mode); other encodings
 * decode each chunk whole through the Buffer shim.
 */
export class StringDecoder {
  private readonly utf8: TextDecoder | undefined;

  constructor(readonly encoding: string = 'utf8') {
    const e = encoding.toLowerCase();
    this.utf8 = e === 'utf8' || e === 'utf-8' ? new TextDecoder('utf-8') : undefined;
  }

  write(buf: Uint8Array): string {
    return this.utf8 ? this.utf8.decode(buf, { stream: true }) : Buffer.from(buf).toString(this.encoding as BufferEncoding);
  }

  end(buf?: Uint8Array): string {
    const rest = buf ? this.write(buf) : '';
    return this.utf8 ? rest + this.utf8.decode() : rest;
  }
}
