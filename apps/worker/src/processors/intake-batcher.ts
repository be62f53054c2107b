interface Waiting<R> {
  id: string;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Gathers the jobs that arrive while a batch runs into the next batch: a job
 * arriving at a quiet moment runs at once on its own, under load each batch
 * takes everything that queued up behind the last (up to `max`), and nothing
 * ever waits for a timer. One batch at a time per process, so the batches of
 * one worker never wait on each other's locks.
 *
 * If a batch fails, its jobs run again one by one, so only the job at fault
 * fails (and is retried by BullMQ); the others are not held back by it.
 */
export class IntakeBatcher<R> {
  private readonly waiting: Waiting<R>[] = [];
  private busy = false;

  constructor(
    private readonly max: number,
    private readonly runBatch: (ids: string[]) => Promise<Map<string, R>>,
    private readonly runOne: (id: string) => Promise<R>,
  ) {}

  submit(id: string): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ id, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.busy || this.waiting.length === 0) return;
    this.busy = true;
    // A job for a referral already in this batch (a replay) waits for the next one.
    const ids = new Set<string>();
    const batch: Waiting<R>[] = [];
    for (let i = 0; i < this.waiting.length && batch.length < this.max;) {
      const item = this.waiting[i];
      if (ids.has(item.id)) {
        i += 1;
        continue;
      }
      ids.add(item.id);
      batch.push(item);
      this.waiting.splice(i, 1);
    }
    void this.run(batch).finally(() => {
      this.busy = false;
      this.next();
    });
  }

  private async run(batch: Waiting<R>[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await this.runBatch(batch.map((b) => b.id));
        for (const b of batch) b.resolve(results.get(b.id) as R);
        return;
      } catch {
        // Fall through: each on its own, so the error lands on its own job.
      }
    }
    for (const b of batch) {
      try {
        b.resolve(await this.runOne(b.id));
      } catch (error) {
        b.reject(error);
      }
    }
  }
}
