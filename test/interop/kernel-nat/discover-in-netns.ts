/**
 * Runs inside a network namespace (`ip netns exec NS node -r ts-node/register/transpile-only discover-in-netns.ts
 * HOST:PORT`): the real-socket discovery that `natsim discover --server HOST:PORT --json` runs (discoverReal, same
 * JSON object via discoveryJson), with short STUN retransmission timers so the silent filtering and hairpinning
 * tests end in about 3 s each instead of RFC 8489's 39.5 s, and with the addresses the JSON leaves out (local and
 * mapped transport address, to check port preservation). Prints one JSON line; exit 1 on failure.
 */
import { discoveryJson } from '../../../src/agents/stun/discovery-json';
import { discoverReal } from '../../../src/real';

/**
 * RFC 8489 §6.2.1 timers for a veth LAN (RTT well under 1 ms): requests at 0, 200, 600, 1400 ms, failure at
 * 3000 ms. A lost answer is retransmitted three times, so silence means the NAT dropped it.
 */
export const KERNEL_NAT_TIMING = Object.freeze({ rto: 200, rc: 4, rm: 8 });

async function main(server: string): Promise<void> {
  const r = await discoverReal(server, { transaction: KERNEL_NAT_TIMING, timeoutMs: 30_000 });
  const out = {
    json: discoveryJson(r),
    natPresent: r.natPresent,
    localAddress: r.localAddress,
    publicAddress: r.publicAddress,
    otherAddress: r.otherAddress,
    notes: r.notes,
    transactions: r.transactions,
    durationMs: r.durationMs,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (require.main === module) {
  main(process.argv[2] ?? '').catch((err: unknown) => {
    process.stderr.write(`discover-in-netns: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
