/**
 * The effect log of an ICE session: every operation returns the effects it caused (pair state changes, valid pairs,
 * nominations, role changes...; see effects.ts) instead of calling back into the agent. Nested operations add
 * their effects to the enclosing operation's as well as returning them.
 */
import type { IceEffect } from './effects';

/** Collects the effects of the operation running now. */
export class EffectLog {
  private current: IceEffect[] | undefined;

  /** Records an effect in the current operation's log (dropped outside any operation). */
  emit(effect: IceEffect): void {
    this.current?.push(effect);
  }

  /** Runs `fn`, returning what it returned and the effects it emitted. */
  capture<T>(fn: () => T): { readonly result: T; readonly effects: IceEffect[] } {
    const outer = this.current;
    const mine: IceEffect[] = [];
    this.current = mine;
    try {
      return { result: fn(), effects: mine };
    } finally {
      this.current = outer;
      outer?.push(...mine);
    }
  }
}
