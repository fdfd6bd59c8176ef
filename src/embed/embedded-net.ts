/**
 * net.Socket and net.Server look-alikes on simulated hosts, handed to third-party code that uses Node's `net`
 * inside an embed scope (net.createServer, net.connect/createConnection, new net.Socket().connect). They are the
 * simulator's SimTcpSocket/SimTcpServer (src/net/tcp) with two changes: every event and callback is handed to the
 * embedded run (as EmbeddedUdpSocket does), and host names resolve through the scope's names. Errors carry Node's
 * codes (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EADDRINUSE, EPIPE, ENOTFOUND).
 */
import type { Host } from '../net/host';
import { SocketError } from '../net/socket-errors';
import { SimTcpServer } from '../net/tcp/sim-tcp-server';
import { SimTcpSocket } from '../net/tcp/sim-tcp-socket';
import type { TcpConnection } from '../net/tcp/tcp-connection';
import type { TcpErrno } from '../net/tcp/tcp-errors';
import { RealNetworkEscapeError } from './embed-errors';
import type { SocketHub } from './embedded-udp-socket';
import { parseConnectArgs } from './net-args';

/** What the net look-alikes need from the embedded run. */
export interface NetHub extends SocketHub {
  /** The host of the current async context, if any. */
  currentHost(): Host | undefined;
}

/** The replacements for the `net` module's functions and classes, bound to one run. */
export interface EmbeddedNet {
  Socket: new (options?: { allowHalfOpen?: boolean }) => SimTcpSocket;
  Server: new (options?: unknown, listener?: (s: SimTcpSocket) => void) => SimTcpServer;
  connect(...args: unknown[]): SimTcpSocket;
  createServer(options?: unknown, listener?: (s: SimTcpSocket) => void): SimTcpServer;
}

function hostOrThrow(hub: NetHub, what: string): Host {
  const h = hub.currentHost();
  if (!h) throw new RealNetworkEscapeError(`${what} outside any simulated host (wrap the code in run.onHost(host, ...) or set EmbeddedRunInit.defaultHost)`);
  return h;
}

/** Node's getaddrinfo error for a name the scope does not know. */
function notFound(name: string): SocketError {
  const e = new SocketError('ENOTFOUND', `getaddrinfo ENOTFOUND ${name}`);
  e.message = `getaddrinfo ENOTFOUND ${name}`;
  return Object.assign(e, { syscall: 'getaddrinfo', hostname: name });
}

/** Builds the net replacements for `hub`. */
export function embeddedNet(hub: NetHub): EmbeddedNet {
  class Socket extends SimTcpSocket {
    constructor(options: { allowHalfOpen?: boolean } = {}, host?: Host) {
      super(host ?? hostOrThrow(hub, 'a TCP socket (new net.Socket)'), { allowHalfOpen: options.allowHalfOpen ?? false });
    }

    override connect(...args: unknown[]): this {
      const a = parseConnectArgs(args);
      if (a.callback) this.once('connect', a.callback);
      if (a.noDelay) this.setNoDelay(true);
      if (a.timeout) this.setTimeout(a.timeout);
      const ip = hub.resolve(a.host);
      if (ip === undefined) {
        this.connecting = true;
        this.destroy(notFound(a.host));
        return this;
      }
      return super.connect({ host: ip, port: a.port, ...(a.localAddress !== undefined ? { localAddress: hub.resolve(a.localAddress) ?? a.localAddress } : {}), ...(a.localPort !== undefined ? { localPort: a.localPort } : {}) });
    }

    protected override later(fn: () => void): void {
      hub.post(this.host, fn);
    }

    override connected(): void {
      hub.post(this.host, () => super.connected());
    }

    override data(bytes: Uint8Array): void {
      hub.post(this.host, () => super.data(bytes));
    }

    override peerEnded(): void {
      hub.post(this.host, () => super.peerEnded());
    }

    override acked(): void {
      hub.post(this.host, () => super.acked());
    }

    override failed(code: TcpErrno): void {
      hub.post(this.host, () => super.failed(code));
    }
  }

  class Server extends SimTcpServer {
    constructor(options?: unknown, listener?: (s: SimTcpSocket) => void) {
      const o = typeof options === 'object' && options !== null ? (options as { allowHalfOpen?: boolean }) : {};
      const l = typeof options === 'function' ? (options as (s: SimTcpSocket) => void) : listener;
      super(hostOrThrow(hub, 'a TCP server (net.createServer)'), { allowHalfOpen: o.allowHalfOpen ?? false }, l);
    }

    override listen(...args: unknown[]): this {
      // Host names in listen(port, host) / listen({ host }) resolve through the scope's names.
      if (typeof args[1] === 'string') args[1] = hub.resolve(args[1]) ?? args[1];
      const o = args[0];
      if (typeof o === 'object' && o !== null && typeof (o as { host?: unknown }).host === 'string') {
        const host = (o as { host: string }).host;
        args[0] = { ...(o as object), host: hub.resolve(host) ?? host };
      }
      return super.listen(...args);
    }

    protected override later(fn: () => void): void {
      hub.post(this.host, fn);
    }

    protected override newSocket(conn: TcpConnection): SimTcpSocket {
      const s = new Socket({ allowHalfOpen: this.init.allowHalfOpen ?? false }, this.host);
      s.adopt(conn);
      return s;
    }

    protected override emitConnection(socket: SimTcpSocket): void {
      hub.post(this.host, () => this.emit('connection', socket));
    }
  }

  return {
    Socket,
    Server,
    connect: (...args: unknown[]): SimTcpSocket => {
      const a = parseConnectArgs(args);
      return new Socket({ allowHalfOpen: a.allowHalfOpen ?? false }).connect(...args);
    },
    createServer: (options?: unknown, listener?: (s: SimTcpSocket) => void): SimTcpServer => new Server(options, listener),
  };
}
