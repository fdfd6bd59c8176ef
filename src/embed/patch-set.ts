/**
 * A set of property replacements on shared objects (Node's core modules, globalThis, Math) that is undone in
 * reverse order. The embed scope uses one to redirect dgram, os, timers and randomness while it is active.
 */
import { syncBuiltinESMExports } from 'module';

interface Saved {
  target: object;
  key: PropertyKey;
  /** The original own descriptor, or undefined when the property was inherited or absent. */
  descriptor: PropertyDescriptor | undefined;
}

/** Replacements made so far, undone by restore(). */
export class PatchSet {
  private readonly saved: Saved[] = [];

  /** Replaces `target[key]` with `value` (as an own, writable, configurable property). */
  replace<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
    this.saved.push({ target, key, descriptor: Object.getOwnPropertyDescriptor(target, key) });
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: true });
  }

  /** Makes ESM named imports of core modules (`import { createSocket } from 'node:dgram'`) see the changes. */
  syncEsm(): void {
    syncBuiltinESMExports();
  }

  /** Undoes every replacement, newest first. Safe to call twice. */
  restore(): void {
    for (let s = this.saved.pop(); s; s = this.saved.pop()) {
      if (s.descriptor) Object.defineProperty(s.target, s.key, s.descriptor);
      else delete (s.target as Record<PropertyKey, unknown>)[s.key];
    }
    syncBuiltinESMExports();
  }
}
