import type { PGlite } from '@electric-sql/pglite';

/** Frontend messages of the extended query protocol that leave a batch open until Sync. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const SYNC = 'S'.charCodeAt(0);
const SIMPLE_QUERY = 'Q'.charCodeAt(0);

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

/** The socket server's query queue, as far as this module touches it. */
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

/**
 * Keeps one connection's extended-protocol batch (Parse, Bind, Describe,
 * Execute … Sync) together on the embedded database's single session.
 *
 * pglite-socket 0.2 serves every connection from one PGlite session and keeps
 * a connection's messages together only inside a transaction. Outside one, the
 * Parse/Bind/Execute messages of two connections interleave, so one binds
 * against the other's statement: errors ("unnamed prepared statement does not
 * exist", "portal does not exist") or, worse, wrong rows. The single-machine
 * start runs the API and the worker on several connections, so it met this
 * under load. (Upstream: electric-sql/pglite issue 1046, pull request 977.)
 *
 * This replaces the queue's scheduling with the same algorithm plus one rule:
 * after a connection sends an extended-protocol message, only that connection
 * is served until its Sync (or a simple Query). Remove it once the upstream fix
 * is released and the pinned version includes it.
 */
export function keepExtendedBatchesTogether(server: unknown): void {
  const queue = (server as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || typeof queue.processQueue !== 'function' || !Array.isArray(queue.queue)) {
    throw new Error('pglite-socket internals changed: review keepExtendedBatchesTogether');
  }
  let batchOpen = false;

  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const pinned = (batchOpen || this.db.isInTransaction()) && this.lastHandlerId !== null;
        let item: QueuedMessage | undefined;
        if (pinned) {
          const index = this.queue.findIndex((q) => q.handlerId === this.lastHandlerId);
          if (index === -1) break; // wait for the pinned connection's next message
          item = this.queue.splice(index, 1)[0];
        } else {
          item = this.queue.shift();
        }
        if (!item) break;
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (error) {
          current.reject(error);
          continue;
        }
        this.lastHandlerId = current.handlerId;
        const type = current.message[0];
        if (EXTENDED.has(type)) batchOpen = true;
        else if (type === SYNC || type === SIMPLE_QUERY) batchOpen = false;
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(queue);

  // A connection that goes away in the middle of its batch must not hold the others.
  const clear = queue.clearTransactionIfNeeded.bind(queue);
  queue.clearTransactionIfNeeded = async (handlerId: number): Promise<void> => {
    if (queue.lastHandlerId === handlerId) batchOpen = false;
    await clear(handlerId);
    await queue.processQueue();
  };
}
