import type {
  LegacyCursor,
  LegacyMoveBatch,
  ReferralAttachmentsRepository,
  UnitOfWork,
} from '@app/persistence';

export interface LegacyMoveReport {
  readonly moved: number;
  /** Documents left in the database because their bytes no longer match their SHA-256. */
  readonly mismatched: readonly string[];
}

/**
 * Move every document still held in the database into the blob store, one
 * transaction per batch: the blobs are written, then the rows point at them
 * and drop their bytes. Safe to stop and run again (moved rows are not read
 * again) and to run beside the API and a second copy of itself (rows are
 * locked and skipped).
 */
export async function moveLegacyDocuments(
  uow: Pick<UnitOfWork, 'run'>,
  attachments: Pick<ReferralAttachmentsRepository, 'moveToBlobStore'>,
  options: { batchSize: number; report?: (line: string) => void },
): Promise<LegacyMoveReport> {
  let moved = 0;
  const mismatched: string[] = [];
  let after: LegacyCursor | null = null;
  for (;;) {
    const cursor: LegacyCursor | null = after;
    const batch: LegacyMoveBatch = await uow.run((tx) =>
      attachments.moveToBlobStore(tx, options.batchSize, cursor),
    );
    moved += batch.moved;
    mismatched.push(...batch.mismatched);
    if (batch.moved > 0 || batch.mismatched.length > 0) {
      options.report?.(`Moved ${moved} documents so far`);
    }
    if (batch.next === null) break;
    after = batch.next;
  }
  return { moved, mismatched };
}
