/**
 * The live ICE generations of one agent, oldest first: the one carrying data and, during an ICE restart (RFC 8445
 * §9), the new one. Generations are numbered 0, then +1 per restart, and each gets fresh credentials (§5.3).
 */
import type { IceRole } from '../../protocols/ice';
import { IceGeneration, type GenerationContext } from './ice-generation';

/** An agent's generations. */
export class GenerationList {
  private readonly live: IceGeneration[] = [];
  private counter = -1;

  constructor(private readonly ctx: GenerationContext) {}

  /** Live generations, oldest first. */
  all(): readonly IceGeneration[] {
    return this.live;
  }

  /** The newest live generation, if any. */
  get newest(): IceGeneration | undefined {
    return this.live[this.live.length - 1];
  }

  /** Number of the latest generation created: 0, then +1 per restart. */
  get latestNumber(): number {
    return Math.max(0, this.counter);
  }

  /** Creates the next generation with new credentials (RFC 8445 §5.3) in `role`; it becomes the newest. */
  create(role: IceRole): IceGeneration {
    const creds = { ufrag: this.ctx.env.random.string(8), pwd: this.ctx.env.random.string(24) }; // RFC 8445 §5.3: ≥ 24 / 128 bits
    const gen = new IceGeneration(this.ctx, ++this.counter, creds, role);
    this.live.push(gen);
    this.ctx.trace('credentials', { generation: gen.generation, ufrag: creds.ufrag, role });
    return gen;
  }

  /** Retires and drops the newest generation (a restart abandoned in favour of a newer one). */
  dropNewest(): void {
    this.newest?.retire();
    this.live.pop();
  }

  /** Retires and drops every generation older than `gen`, which took over (RFC 8445 §9). */
  retireOlderThan(gen: IceGeneration): void {
    for (const g of this.live.filter((x) => x.generation < gen.generation)) {
      g.retire();
      this.live.splice(this.live.indexOf(g), 1);
    }
  }

  /** Retires and drops them all (the agent closed). */
  retireAll(): void {
    for (const g of this.live) g.retire();
    this.live.length = 0;
  }
}
