/**
 * Out-of-order segments held until the gap before them fills (RFC 9293 §3.10.7.4 step 7: segments beyond RCV.NXT
 * inside the window are kept "for later processing"). Overlaps and duplicates are trimmed when they are taken, so
 * the stream delivered is exact whatever the network did.
 */
import { seqAdd, seqDiff } from './seq';

/** A held segment: its first sequence number, data and whether it ended with FIN. */
export interface HeldSegment {
  readonly seq: number;
  readonly data: Uint8Array;
  readonly fin: boolean;
}

/** Segments above RCV.NXT, unsorted until taken. */
export class ReorderQueue {
  private held: HeldSegment[] = [];

  /** Number of held segments. */
  get size(): number {
    return this.held.length;
  }

  /** Holds a segment (its start is after RCV.NXT). */
  add(seg: HeldSegment): void {
    this.held.push(seg);
  }

  /**
   * Takes the next in-order piece at `rcvNxt`: the data starting exactly there (leading bytes already received are
   * cut off), or undefined when the gap is still open. Segments wholly below `rcvNxt` are discarded on the way.
   */
  take(rcvNxt: number): HeldSegment | undefined {
    let best = -1;
    for (let i = 0; i < this.held.length; i++) {
      const s = this.held[i]!;
      const end = seqAdd(s.seq, s.data.byteLength + (s.fin ? 1 : 0));
      if (seqDiff(end, rcvNxt) <= 0) {
        // Wholly old (a duplicate of delivered bytes): drop it.
        this.held.splice(i--, 1);
        continue;
      }
      if (seqDiff(s.seq, rcvNxt) <= 0 && best < 0) best = i;
    }
    if (best < 0) return undefined;
    const s = this.held.splice(best, 1)[0]!;
    const cut = seqDiff(rcvNxt, s.seq);
    return cut === 0 ? s : { seq: rcvNxt, data: s.data.subarray(Math.min(cut, s.data.byteLength)), fin: s.fin };
  }

  /** Forgets everything (the connection closed). */
  clear(): void {
    this.held = [];
  }
}
