import { Logger } from '@nestjs/common';
import { BlobIntegrityError, BlobNotFoundError, type BlobStore } from '../blobs/blob-store';
import { sha256Hex } from '../blobs/blob-store';

/** Where documents' blobs live in the store; the rest of the key comes from the id. */
export const ATTACHMENT_BLOB_PREFIX = 'referral-attachments/';

/**
 * A document's blob key: by its id, not its content, so each row owns its blob
 * and deleting one document never touches another's (content addressing would
 * share one blob between equal documents and need counting before deleting).
 * Two hex characters of the id spread the blobs over 256 folders.
 */
export function attachmentBlobKey(id: string): string {
  return `${ATTACHMENT_BLOB_PREFIX}${id.slice(0, 2).toLowerCase()}/${id.toLowerCase()}`;
}

/** The document id a blob key names, or null for a key of another shape. */
export function attachmentIdOf(key: string): string | null {
  const match =
    /^referral-attachments\/[0-9a-f]{2}\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
      key,
    );
  return match && attachmentBlobKey(match[1]) === key ? match[1] : null;
}

/** A document's row as far as reading its bytes needs it. */
export interface StoredDocument {
  readonly id: string;
  readonly sha256: string;
  readonly blobKey: string | null;
  readonly content: Buffer | null;
}

const logger = new Logger('Documents');

/**
 * A document's bytes, from the blob store or (stored before it) from the row,
 * checked against the SHA-256 PostgreSQL recorded. Bytes that differ, or a blob
 * that is gone, throw BlobIntegrityError, logged here with the document's id
 * and both hashes (never the bytes): nothing unverified is handed out.
 */
export async function readDocument(blobs: BlobStore, row: StoredDocument): Promise<Buffer> {
  const where = row.blobKey ?? `referral_attachments.content of ${row.id}`;
  let bytes: Buffer;
  if (row.content !== null && row.content !== undefined && row.blobKey === null) {
    bytes = row.content;
  } else if (row.blobKey !== null) {
    try {
      bytes = await blobs.get(row.blobKey);
    } catch (error) {
      if (!(error instanceof BlobNotFoundError)) throw error;
      const missing = new BlobIntegrityError(where, row.sha256, null);
      logger.error({ documentId: row.id, blobKey: row.blobKey }, 'A document’s blob is missing');
      throw missing;
    }
  } else {
    throw new BlobIntegrityError(where, row.sha256, null);
  }
  const actual = sha256Hex(bytes);
  if (actual !== row.sha256) {
    logger.error(
      {
        documentId: row.id,
        blobKey: row.blobKey,
        expectedSha256: row.sha256,
        actualSha256: actual,
      },
      'A document’s bytes no longer match the SHA-256 recorded for it',
    );
    throw new BlobIntegrityError(where, row.sha256, actual);
  }
  return bytes;
}
