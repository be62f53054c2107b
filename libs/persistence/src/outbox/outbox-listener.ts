import { Client } from 'pg';

/** The channel the outbox's insert trigger notifies (migration 1765872000000). */
export const OUTBOX_CHANNEL = 'outbox';
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15_000;

/**
 * A connection of its own LISTENing on the outbox channel: `onWake` runs after
 * each commit that inserted outbox rows, and once after every (re)connection,
 * for rows committed while it was away. Not a pooled connection: LISTEN
 * belongs to a session, and the pool lends its connections to others.
 *
 * After a drop it reconnects with backoff (`onDrop` says when). Nothing is
 * lost meanwhile: the outbox is read by the relay's poll as before, so a
 * missed notification only delays a row until the next poll.
 */
export class OutboxListener {
  private client?: Client;
  private retry?: NodeJS.Timeout;
  private failures = 0;
  private closed = false;
  private listening = false;

  constructor(
    private readonly url: string,
    private readonly onWake: () => void,
    private readonly onDrop: (error: Error, retryInMs: number) => void,
  ) {}

  /** Whether LISTEN is in place now (a notification would arrive). */
  get connected(): boolean {
    return this.listening;
  }

  start(): void {
    void this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    if (client) await client.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({
      connectionString: this.url,
      application_name: 'crh-outbox-listener',
      connectionTimeoutMillis: 5000,
      // An idle connection whose server vanished is only noticed by a keepalive.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    this.client = client;
    let dropped = false;
    const drop = (error: Error): void => {
      if (dropped) return;
      dropped = true;
      this.listening = false;
      void client.end().catch(() => undefined);
      if (this.closed) return;
      const delay = Math.min(RECONNECT_MIN_MS * 2 ** this.failures, RECONNECT_MAX_MS);
      this.failures += 1;
      this.onDrop(error, delay);
      this.retry = setTimeout(() => void this.connect(), delay);
    };
    client.on('error', drop);
    client.on('end', () => drop(new Error('the listening connection ended')));
    client.on('notification', (message) => {
      if (message.channel === OUTBOX_CHANNEL) this.onWake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      drop(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.closed || dropped) return;
    this.listening = true;
    this.failures = 0;
    this.onWake();
  }
}
