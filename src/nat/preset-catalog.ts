/**
 * Named presets as plain data (NAT presets, firewall presets): a frozen record by name, the names in listing
 * order, and a lookup that names the valid choices when it fails. One shape for every kind of preset, so the
 * scenario schema, `natsim presets`, the docs and the lookups all read the same catalogue.
 */
import { NatConfigError } from './nat-errors';

/** A named preset: a one-line description and the settings it sets (never `preset` itself). */
export interface NamedPreset<N extends string, Init> {
  readonly name: N;
  /** One line for docs and listings. */
  readonly description: string;
  /** The settings it sets. */
  readonly init: Readonly<Init>;
}

/** The presets of one kind. */
export class PresetCatalog<N extends string, Init> {
  /** Every preset by name (frozen). */
  readonly byName: Readonly<Record<N, NamedPreset<N, Init>>>;

  /**
   * @param kind what an error calls a preset of this kind (`NAT preset`, `firewall preset`)
   * @param names the names, in the order listings show them
   * @param entries each name's [description, settings]
   */
  constructor(
    private readonly kind: string,
    readonly names: readonly N[],
    entries: Readonly<Record<N, readonly [description: string, init: Init]>>,
  ) {
    const byName = {} as Record<N, NamedPreset<N, Init>>;
    for (const name of names) {
      const [description, init] = entries[name];
      byName[name] = Object.freeze({ name, description, init: Object.freeze(init) });
    }
    this.byName = Object.freeze(byName);
  }

  /** True when `name` names a preset of this kind. */
  isName(name: unknown): name is N {
    return typeof name === 'string' && (this.names as readonly string[]).includes(name);
  }

  /** The preset called `name`; throws NatConfigError at `path` listing the valid names otherwise. */
  get(name: string, path: string): NamedPreset<N, Init> {
    if (!this.isName(name)) throw new NatConfigError(path, `unknown ${this.kind} '${name}'`, this.names.map((n) => `'${n}'`).join(', '));
    return this.byName[name];
  }

  /** Every preset, in `names` order. */
  list(): readonly NamedPreset<N, Init>[] {
    return this.names.map((n) => this.byName[n]);
  }
}
