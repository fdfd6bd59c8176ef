/** Benchmarks contributed by later layers (e.g. the 7 x 7 connectivity matrix); each returns one metric. */

/** One extra benchmark. */
export type ExtraBenchmark = () => { metric: string; value: number; unit: string };

/** Registered extra benchmarks, run after the core ones. */
export const EXTRA_BENCHMARKS: ExtraBenchmark[] = [];
