import { AUDIT_SEAL_LOCK_KEY, GENESIS_HASH, chainHash } from '@app/audit';
import { AppConfig, errorForLog } from '@app/common';
import { AuditChainRepository, UnitOfWork } from '@app/persistence';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';

/** Events chained per transaction. */
export const SEAL_BATCH = 1000;
const MAX_RETRY_DELAY_MS = 5000;

export type SealOutcome = { sealed: number; busy: boolean };

/**
 * Gives committed audit events their position in the hash chain, off the
 * request path: writers do a plain INSERT, and this appends whatever is
 * committed and unsealed to the head of the chain, in id order.
 *
 * One appender at a time: each pass takes a transaction-level advisory lock
 * (try-lock; a replica that does not get it skips the pass), reads the head
 * under it and fills the chain columns of the next events, which the
 * append-only trigger allows exactly once. An event whose transaction commits
 * late (a lower id seen after higher ones were sealed) is simply chained at
 * the head when it becomes visible: chain order is seal order, recorded in
 * chain_seq, and verification follows chain_seq, never id. So no event can be
 * skipped and none waits for a settling window.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditSealer.name);
  private readonly intervalMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly chain: AuditChainRepository,
    config: AppConfig,
  ) {
    this.intervalMs = config.get('AUDIT_SEAL_INTERVAL_MS');
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Seal until nothing committed is left unsealed (or another replica holds the lock). */
  async sealPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const pass = await this.sealBatch();
      total += pass.sealed;
      if (pass.busy || pass.sealed < SEAL_BATCH) return total;
    }
  }

  /** One pass: chain up to SEAL_BATCH events in one transaction. */
  sealBatch(): Promise<SealOutcome> {
    return this.uow.run(async (tx) => {
      if (!(await this.chain.tryLock(tx, AUDIT_SEAL_LOCK_KEY))) return { sealed: 0, busy: true };
      const head = await this.chain.head(tx);
      const events = await this.chain.unsealed(tx, SEAL_BATCH);
      if (events.length === 0) return { sealed: 0, busy: false };
      let seq = head ? Number(head.seq) : 0;
      let prev = head?.hash ?? GENESIS_HASH;
      const ids: string[] = [];
      const seqs: number[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const event of events) {
        seq += 1;
        const hash = chainHash(prev, seq, event);
        ids.push(event.id);
        seqs.push(seq);
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await this.chain.seal(tx, { ids, seqs, prevs, hashes });
      return { sealed: events.length, busy: false };
    });
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sealBatch()
        .then((pass) => {
          this.failures = 0;
          this.schedule(pass.sealed === SEAL_BATCH ? 0 : this.intervalMs);
        })
        .catch((error: unknown) => {
          this.failures += 1;
          if (this.failures === 1 || this.failures % 50 === 0) {
            this.logger.warn({ err: errorForLog(error) }, 'Audit sealing pass failed; retrying');
          }
          this.schedule(Math.min(this.intervalMs * 2 ** this.failures, MAX_RETRY_DELAY_MS));
        });
    }, ms);
  }
}
