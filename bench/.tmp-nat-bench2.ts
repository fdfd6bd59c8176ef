import { NatTable } from '../src/nat';
import { Rng } from '../src/sim/rng';
const t = new NatTable({ externalIps: ['192.0.2.1', '192.0.2.2'], pooling: 'arbitrary', mapping: 'address-and-port-dependent', portAssignment: 'random', mappingTimeout: 1000, portReuseDelay: 500 }, new Rng(1));
const t0 = process.hrtime.bigint();
let now = 0, created = 0, expired = 0, fails = 0;
for (let round = 0; round < 20; round++) {
  for (let i = 0; i < 50_000; i++) {
    now += 10;
    const r = t.outbound(now, 0x0a000000 + (i % 500), 5000, 0xcb007109, 1 + (i % 60000) + round);
    if (r.ok && r.created) created++; else if (!r.ok) fails++;
    const due = t.nextExpiry();
    if (due !== undefined && due <= now) expired += t.expire(now).length;
  }
}
console.log({ created, expired, fails, size: t.size, ms: Number(process.hrtime.bigint() - t0) / 1e6 });
