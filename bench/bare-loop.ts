/**
 * The bare loop: the floor a packet simulator's overhead is measured against (issue 12). The same ping-pong
 * workload as natPingPong — `flows` clients, one NAT each, one echo server, 1 ms LAN links and 5 ms Internet
 * links, 100-byte packets — moved by a plain array-backed binary heap keyed by (time, seq), with one Map lookup
 * per hop and no NAT logic (no translation, no filtering, no timers, no trace, no sockets).
 *
 * Per one-way trip it does what natsim's core must do at the least: 4 hops (sender's link, NAT, NAT's link,
 * receiver), each one Map.get keyed by a numeric endpoint, 2 heap events (one per link with latency), one packet
 * object and one handler call at the receiver.
 */

/** A packet as a minimal simulator would carry it. */
interface BarePacket {
  readonly src: number;
  readonly srcPort: number;
  readonly dst: number;
  readonly dstPort: number;
  readonly ttl: number;
  readonly payload: Uint8Array;
}

/**
 * A node. A host has sockets by port and one uplink (gateway address and link delay); a NAT has a forwarding
 * table keyed by destination endpoint (ip * 65536 + port) giving the next address and the link delay.
 */
interface BareNode {
  readonly sockets: Map<number, (pkt: BarePacket) => void> | undefined;
  readonly fib: Map<number, { readonly to: number; readonly delay: number }> | undefined;
  readonly gateway: number;
  readonly delay: number;
}

interface BareEvent {
  readonly time: number;
  readonly seq: number;
  /** Address of the node the packet arrives at. */
  readonly to: number;
  readonly pkt: BarePacket;
}

function before(a: BareEvent, b: BareEvent): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** A plain binary heap of events, as a textbook discrete-event simulator has. */
class BareHeap {
  private readonly items: BareEvent[] = [];

  get size(): number {
    return this.items.length;
  }

  push(ev: BareEvent): void {
    const items = this.items;
    let i = items.length;
    items.push(ev);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(ev, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = ev;
  }

  pop(): BareEvent {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    const n = items.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(items[r], items[l]) ? r : l;
      if (!before(items[c], last)) break;
      items[i] = items[c];
      i = c;
    }
    items[i] = last;
    return top;
  }
}

const key = (ip: number, port: number): number => ip * 65536 + port;

/**
 * Runs `trips` round trips over `flows` client/NAT pairs and returns the hops moved (4 per one-way trip, as
 * natPingPong counts them) and the wall seconds the event loop took. Hops: the sender's link (arrival: a Map.get
 * of the member by address), the NAT (a Map.get in its forwarding table), the NAT's link (a Map.get of the
 * member), the receiving host (a Map.get of the socket by port).
 */
export function bareLoop(flows = 50, trips = 400_000): { hops: number; seconds: number; cpuSeconds: number } {
  const heap = new BareHeap();
  let now = 0;
  let seq = 0;
  /** Every interface address -> its node (the links' member tables in one Map). */
  const members = new Map<number, BareNode>();
  const transmit = (to: number, delay: number, pkt: BarePacket): void => heap.push({ time: now + delay, seq: seq++, to, pkt });
  const send = (from: BareNode, src: number, srcPort: number, dst: number, dstPort: number, payload: Uint8Array): void =>
    transmit(from.gateway, from.delay, { src, srcPort, dst, dstPort, ttl: 64, payload });
  const serverIp = 0xc6336401; // 198.51.100.1
  const natIp = (i: number): number => 0xc6330000 + 256 + i; // 198.51.1.0 + i
  const server: BareNode = { sockets: new Map(), fib: undefined, gateway: 0, delay: 5000 };
  members.set(serverIp, server);
  server.sockets!.set(3478, (pkt) => {
    // Without NAT logic the reply goes back through the client's NAT by a fixed route: gateway per client.
    transmit(natIp((pkt.src - 0x0a00000a) >> 8), 5000, { src: serverIp, srcPort: 3478, dst: pkt.src, dstPort: pkt.srcPort, ttl: 64, payload: pkt.payload });
  });
  let left = trips;
  for (let i = 0; i < flows; i++) {
    const clientIp = 0x0a00000a + i * 256;
    const client: BareNode = { sockets: new Map(), fib: undefined, gateway: natIp(i), delay: 1000 };
    const nat: BareNode = { sockets: undefined, fib: new Map(), gateway: 0, delay: 0 };
    members.set(clientIp, client);
    members.set(natIp(i), nat);
    nat.fib!.set(key(serverIp, 3478), { to: serverIp, delay: 5000 });
    nat.fib!.set(key(clientIp, 5000), { to: clientIp, delay: 1000 });
    const payload = new Uint8Array(100);
    client.sockets!.set(5000, () => {
      if (--left > 0) send(client, clientIp, 5000, serverIp, 3478, payload);
    });
    send(client, clientIp, 5000, serverIp, 3478, payload);
  }
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  while (left > 0 && heap.size > 0) {
    const ev = heap.pop();
    now = ev.time;
    const node = members.get(ev.to)!;
    const pkt = ev.pkt;
    if (node.fib !== undefined) {
      const hop = node.fib.get(key(pkt.dst, pkt.dstPort))!;
      transmit(hop.to, hop.delay, pkt);
    } else {
      node.sockets!.get(pkt.dstPort)!(pkt);
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { hops: (trips - Math.max(0, left)) * 2 * 4, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}
