import type { Tx } from '../unit-of-work/tx';
import type {
  AuditChainRepository,
  ChainHead,
  CoveringCheckpoint,
  StoredCheckpoint,
  VerificationState,
  VerifiedCheckpoint,
} from './audit-chain.repository';
import type {
  AuditCheckpointsRepository,
  CheckpointRow,
  LastCheckpoint,
  NewCheckpoint,
} from './audit-checkpoints.repository';
import type {
  AuditEventFilter,
  AuditEventRow,
  AuditEventsRepository,
  ListedAuditEventRow,
  NewAuditEvent,
} from './audit-events.repository';
import type { ChainEventRow } from './chain-columns';

/** An appended event with its insertion id and chain columns. */
export interface InMemoryAuditEvent extends NewAuditEvent {
  id: string;
  chainSeq: string | null;
  prevHash: string | null;
  hash: string | null;
}

function rowOf(e: InMemoryAuditEvent): AuditEventRow {
  return {
    id: e.id,
    occurred_at: e.occurredAt.toISOString(),
    actor_user_id: e.actorUserId,
    actor_organization_id: e.actorOrganizationId,
    actor_role: e.actorRole,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    outcome: e.outcome,
    request_id: e.requestId,
    ip: e.ip,
    details: e.details,
    details_digest: e.detailsDigest,
    chain_seq: e.chainSeq,
    prev_hash: e.prevHash,
    hash: e.hash,
    chain_format: 2,
  };
}

function chainFieldsOf(e: InMemoryAuditEvent): ChainEventRow {
  return {
    occurredAt: e.occurredAt.toISOString(),
    actorUserId: e.actorUserId,
    actorOrganizationId: e.actorOrganizationId,
    actorRole: e.actorRole,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    outcome: e.outcome,
    requestId: e.requestId,
    ip: e.ip,
    detailsDigest: e.detailsDigest,
    chainFormat: 2,
  };
}

/**
 * The audit trail in memory: one list of events that the events fake appends
 * to and the chain fake seals, as the database's one table is.
 */
export class InMemoryAuditTrail {
  readonly events: InMemoryAuditEvent[] = [];
  private nextId = 1;

  append(event: NewAuditEvent): InMemoryAuditEvent {
    const stored = {
      ...event,
      id: String(this.nextId++),
      chainSeq: null,
      prevHash: null,
      hash: null,
    };
    this.events.push(stored);
    return stored;
  }
}

export class InMemoryAuditEventsRepository implements Pick<
  AuditEventsRepository,
  keyof AuditEventsRepository
> {
  constructor(readonly trail = new InMemoryAuditTrail()) {}

  /** The filter and row count of each search, for a test to inspect. */
  readonly searches: { filter: AuditEventFilter; take: number }[] = [];

  append(_tx: Tx, event: NewAuditEvent): Promise<void> {
    this.trail.append(event);
    return Promise.resolve();
  }

  search(_tx: Tx, filter: AuditEventFilter, take: number): Promise<ListedAuditEventRow[]> {
    this.searches.push({ filter, take });
    const rows = this.trail.events
      .filter(
        (e) =>
          (filter.targetType === undefined || e.targetType === filter.targetType) &&
          (filter.targetId === undefined || e.targetId === filter.targetId) &&
          (filter.actorId === undefined || e.actorUserId === filter.actorId) &&
          (filter.action === undefined || e.action === filter.action) &&
          (!filter.from || e.occurredAt >= filter.from) &&
          (!filter.to || e.occurredAt < filter.to) &&
          (filter.beforeId === undefined || Number(e.id) < Number(filter.beforeId)),
      )
      .sort((a, b) => Number(b.id) - Number(a.id))
      .slice(0, take);
    return Promise.resolve(
      rows.map((e) => ({ ...rowOf(e), actor_name: null, organization_name: null })),
    );
  }

  exportBatch(
    _tx: Tx,
    from: Date,
    to: Date,
    afterId: string,
    take: number,
  ): Promise<AuditEventRow[]> {
    return Promise.resolve(
      this.trail.events
        .filter((e) => e.occurredAt >= from && e.occurredAt < to && Number(e.id) > Number(afterId))
        .sort((a, b) => Number(a.id) - Number(b.id))
        .slice(0, take)
        .map(rowOf),
    );
  }
}

export class InMemoryAuditChainRepository implements Pick<
  AuditChainRepository,
  keyof AuditChainRepository
> {
  constructor(readonly trail = new InMemoryAuditTrail()) {}

  /** Advisory locks another transaction holds: tryLock on these fails. */
  readonly heldElsewhere = new Set<number>();
  /** Checkpoints as the verifier reads them. */
  readonly checkpoints: StoredCheckpoint[] = [];
  /** Remembered verifications, oldest first. */
  readonly verifications: VerificationState[] = [];

  tryLock(_tx: Tx, key: number): Promise<boolean> {
    return Promise.resolve(!this.heldElsewhere.has(key));
  }

  head(_tx: Tx): Promise<ChainHead | undefined> {
    const sealed = this.sealedInOrder();
    const last = sealed[sealed.length - 1];
    return Promise.resolve(
      last ? { seq: last.chainSeq as string, hash: last.hash as string } : undefined,
    );
  }

  unsealed(_tx: Tx, take: number): Promise<(ChainEventRow & { id: string })[]> {
    return Promise.resolve(
      this.trail.events
        .filter((e) => e.chainSeq === null)
        .sort((a, b) => Number(a.id) - Number(b.id))
        .slice(0, take)
        .map((e) => ({ id: e.id, ...chainFieldsOf(e) })),
    );
  }

  seal(
    _tx: Tx,
    links: { ids: string[]; seqs: number[]; prevs: string[]; hashes: string[] },
  ): Promise<void> {
    links.ids.forEach((id, i) => {
      const event = this.trail.events.find((e) => e.id === id);
      if (!event || event.chainSeq !== null) return;
      event.chainSeq = String(links.seqs[i]);
      event.prevHash = links.prevs[i];
      event.hash = links.hashes[i];
    });
    return Promise.resolve();
  }

  checkpointsInChainOrder(_tx: Tx): Promise<StoredCheckpoint[]> {
    return Promise.resolve([...this.checkpoints].sort((a, b) => Number(a.seq) - Number(b.seq)));
  }

  sealedEvents(_tx: Tx, take: number, afterSeq?: string): Promise<Record<string, unknown>[]> {
    return Promise.resolve(
      this.sealedInOrder()
        .filter((e) => afterSeq === undefined || Number(e.chainSeq) > Number(afterSeq))
        .slice(0, take)
        .map((e) => ({
          seq: e.chainSeq,
          prevHash: e.prevHash,
          hash: e.hash,
          details: e.details,
          ...chainFieldsOf(e),
        })),
    );
  }

  hashAt(_tx: Tx, seq: string): Promise<string | undefined> {
    const e = this.trail.events.find(
      (x) => x.chainSeq !== null && Number(x.chainSeq) === Number(seq),
    );
    return Promise.resolve(e ? (e.hash ?? '') : undefined);
  }

  /** The in-memory trail is never purged: it always starts at the genesis. */
  archivedAnchor(_tx: Tx): Promise<{ seq: number; hash: string } | undefined> {
    return Promise.resolve(undefined);
  }

  lastVerification(_tx: Tx): Promise<VerificationState | undefined> {
    return Promise.resolve(this.verifications[this.verifications.length - 1]);
  }

  rememberVerification(
    _tx: Tx,
    state: VerifiedCheckpoint & { mode: 'full' | 'incremental'; fromSeq: string },
  ): Promise<void> {
    this.verifications.push({ ...state, verifiedAt: new Date().toISOString() });
    return Promise.resolve();
  }

  unsealedCount(_tx: Tx): Promise<number> {
    return Promise.resolve(this.trail.events.filter((e) => e.chainSeq === null).length);
  }

  eventOf(
    _tx: Tx,
    action: string,
    targetType: string,
    targetId: string,
  ): Promise<Record<string, unknown> | undefined> {
    const e = this.trail.events.find(
      (x) =>
        x.action === action &&
        x.targetType === targetType &&
        x.targetId === targetId &&
        x.outcome === 'success',
    );
    return Promise.resolve(
      e && {
        seq: e.chainSeq,
        prevHash: e.prevHash,
        hash: e.hash,
        details: e.details,
        ...chainFieldsOf(e),
      },
    );
  }

  firstCheckpointFrom(_tx: Tx, seq: string): Promise<CoveringCheckpoint | undefined> {
    const first = [...this.checkpoints]
      .filter((c) => Number(c.seq) >= Number(seq))
      .sort((a, b) => Number(a.seq) - Number(b.seq))[0];
    return Promise.resolve(first && { ...first, algorithm: 'Ed25519', publicKeyFingerprint: '' });
  }

  chainFieldsBetween(
    _tx: Tx,
    afterSeq: string,
    uptoSeq: string,
  ): Promise<(ChainEventRow & { seq: string })[]> {
    return Promise.resolve(
      this.sealedInOrder()
        .filter(
          (e) => Number(e.chainSeq) > Number(afterSeq) && Number(e.chainSeq) <= Number(uptoSeq),
        )
        .map((e) => ({ seq: e.chainSeq as string, ...chainFieldsOf(e) })),
    );
  }

  private sealedInOrder(): InMemoryAuditEvent[] {
    return this.trail.events
      .filter((e) => e.chainSeq !== null)
      .sort((a, b) => Number(a.chainSeq) - Number(b.chainSeq));
  }
}

/** A checkpoint as stored in memory. */
export interface InMemoryCheckpoint extends NewCheckpoint {
  id: string;
  /** Whether the periodic interval has passed since it was signed (the test decides). */
  due: boolean;
}

export class InMemoryAuditCheckpointsRepository implements Pick<
  AuditCheckpointsRepository,
  keyof AuditCheckpointsRepository
> {
  readonly checkpoints: InMemoryCheckpoint[] = [];
  readonly requests: { id: string; requestedBy: string; fulfilledBy: string | null }[] = [];
  private nextId = 1;

  list(
    _tx: Tx,
    after: { createdKey: string; id: string } | undefined,
    take: number,
  ): Promise<CheckpointRow[]> {
    const rows = [...this.checkpoints]
      .reverse()
      .filter((c) => !after || Number(c.id.slice(-12)) < Number(after.id.slice(-12)))
      .slice(0, take)
      .map((c) => ({
        id: c.id,
        seq: String(c.seq),
        hash: c.hash,
        signed_at: c.signedAt.toISOString(),
        signature: c.signature,
        public_key_pem: c.publicKeyPem,
        public_key_fingerprint: c.publicKeyFingerprint,
        created_key: c.signedAt.toISOString(),
      }));
    return Promise.resolve(rows);
  }

  request(_tx: Tx, requestedBy: string): Promise<{ id: string; requestedAt: Date }> {
    const id = this.uuid();
    this.requests.push({ id, requestedBy, fulfilledBy: null });
    return Promise.resolve({ id, requestedAt: new Date(0) });
  }

  waitingRequests(_tx: Tx): Promise<number> {
    return Promise.resolve(this.requests.filter((r) => r.fulfilledBy === null).length);
  }

  lockWaitingRequests(_tx: Tx): Promise<string[]> {
    return Promise.resolve(this.requests.filter((r) => r.fulfilledBy === null).map((r) => r.id));
  }

  last(_tx: Tx, _intervalSeconds: number): Promise<LastCheckpoint | undefined> {
    const last = this.checkpoints[this.checkpoints.length - 1];
    return Promise.resolve(
      last ? { id: last.id, seq: String(last.seq), due: last.due } : undefined,
    );
  }

  add(_tx: Tx, checkpoint: NewCheckpoint): Promise<string> {
    const id = this.uuid();
    this.checkpoints.push({ ...checkpoint, id, due: false });
    return Promise.resolve(id);
  }

  fulfil(_tx: Tx, requestIds: string[], checkpointId: string): Promise<void> {
    for (const r of this.requests) if (requestIds.includes(r.id)) r.fulfilledBy = checkpointId;
    return Promise.resolve();
  }

  private uuid(): string {
    return `00000000-0000-4000-8000-${String(this.nextId++).padStart(12, '0')}`;
  }
}
