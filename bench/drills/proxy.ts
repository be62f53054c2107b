import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP load balancer in front of several API processes, as a proxy
 * (Caddy, nginx, a cloud load balancer) sits in front of the API replicas in
 * production: each new client connection goes to the next upstream in turn,
 * and an upstream that refuses the connection is skipped for the next one.
 */
export class RoundRobinProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private next = 0;
  port = 0;
  /** Connections handed to each upstream port. */
  readonly connections = new Map<number, number>();

  constructor(private readonly upstreams: number[]) {
    for (const p of upstreams) this.connections.set(p, 0);
  }

  async start(): Promise<number> {
    this.server = createServer((client) => this.forward(client, 0));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this.port;
  }

  private forward(client: Socket, tried: number): void {
    const port = this.upstreams[this.next++ % this.upstreams.length];
    const upstream = connect(port, '127.0.0.1');
    client.pause();
    this.sockets.add(client);
    client.once('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    upstream.once('connect', () => {
      this.connections.set(port, (this.connections.get(port) ?? 0) + 1);
      this.sockets.add(upstream);
      upstream.once('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    });
    upstream.once('error', () => {
      if (upstream.connecting || !upstream.remoteAddress) {
        // Refused before any byte went through: try the next upstream.
        upstream.destroy();
        if (tried + 1 < this.upstreams.length && !client.destroyed) this.forward(client, tried + 1);
        else client.destroy();
      }
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
