import {
  AUDIT_CHECKPOINT_LOCK_KEY,
  CHECKPOINT_ALGORITHM,
  loadSigningKey,
  signCheckpoint,
  type SigningKey,
} from '@app/audit';
import { AppConfig, errorForLog } from '@app/common';
import { AuditChainRepository, AuditCheckpointsRepository, UnitOfWork } from '@app/persistence';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AuditSealer } from './audit-sealer';

/** How often the worker looks for checkpoint requests and for a due periodic checkpoint. */
export const CHECKPOINT_POLL_MS = 1000;

export type CheckpointOutcome =
  | { kind: 'signed'; id: string; seq: number; fulfilled: number }
  | { kind: 'reused'; id: string; seq: number; fulfilled: number }
  | { kind: 'idle' }
  | { kind: 'busy' };

/**
 * Signs the chain head with AUDIT_SIGNING_KEY (Ed25519): every
 * AUDIT_CHECKPOINT_INTERVAL_SECONDS when the head moved since the last
 * checkpoint, and whenever someone asked through POST /audit/checkpoints (a
 * row in audit_checkpoint_requests). Before signing on demand it drains the
 * sealer, so the checkpoint covers every event committed before the request.
 * The schedule is kept in the database (the last checkpoint's time), so
 * several replicas polling under one advisory lock sign once per interval.
 */
@Injectable()
export class AuditCheckpointer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditCheckpointer.name);
  private readonly key: SigningKey;
  private readonly intervalSeconds: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly chain: AuditChainRepository,
    private readonly checkpoints: AuditCheckpointsRepository,
    private readonly sealer: AuditSealer,
    config: AppConfig,
  ) {
    this.key = loadSigningKey(config.get('AUDIT_SIGNING_KEY'));
    this.intervalSeconds = config.get('AUDIT_CHECKPOINT_INTERVAL_SECONDS');
  }

  get publicKeyFingerprint(): string {
    return this.key.fingerprint;
  }

  onApplicationBootstrap(): void {
    this.schedule(CHECKPOINT_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * One pass. `force` signs the head now whatever the schedule (requests
   * waiting are fulfilled by it too).
   */
  async checkpoint(force = false): Promise<CheckpointOutcome> {
    const requested = (await this.checkpoints.waitingRequests(this.uow.autocommit)) > 0;
    if (requested || force) await this.sealer.sealPending();
    return this.uow.run(async (tx): Promise<CheckpointOutcome> => {
      if (!(await this.chain.tryLock(tx, AUDIT_CHECKPOINT_LOCK_KEY))) return { kind: 'busy' };
      const requests = await this.checkpoints.lockWaitingRequests(tx);
      const last = await this.checkpoints.last(tx, this.intervalSeconds);
      const head = await this.chain.head(tx);
      if (!head) return { kind: 'idle' };
      const seq = Number(head.seq);
      const headMoved = !last || Number(last.seq) !== seq;
      const due = force || requests.length > 0 || !last || last.due;
      if (!due) return { kind: 'idle' };

      let id: string;
      let kind: 'signed' | 'reused';
      if (!headMoved && last) {
        // Nothing new since the last checkpoint: it already states this head.
        id = last.id;
        kind = 'reused';
        if (requests.length === 0 && !force) return { kind: 'idle' };
      } else {
        const signedAt = new Date();
        const signature = signCheckpoint(
          { seq, hash: head.hash, signedAt: signedAt.toISOString() },
          this.key,
        );
        id = await this.checkpoints.add(tx, {
          seq,
          hash: head.hash,
          signedAt,
          algorithm: CHECKPOINT_ALGORITHM,
          signature,
          publicKeyPem: this.key.publicKeyPem,
          publicKeyFingerprint: this.key.fingerprint,
        });
        kind = 'signed';
      }
      if (requests.length > 0) {
        await this.checkpoints.fulfil(tx, requests, id);
      }
      return { kind, id, seq, fulfilled: requests.length };
    });
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.checkpoint()
        .then((outcome) => {
          this.failing = false;
          if (outcome.kind === 'signed') {
            this.logger.log(
              { seq: outcome.seq, checkpointId: outcome.id },
              'Audit checkpoint signed',
            );
          }
        })
        .catch((error: unknown) => {
          if (!this.failing) {
            this.logger.warn({ err: errorForLog(error) }, 'Audit checkpoint pass failed; retrying');
          }
          this.failing = true;
        })
        .finally(() => this.schedule(CHECKPOINT_POLL_MS));
    }, ms);
  }
}
