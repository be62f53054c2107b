import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** What a blob is recorded with: the SHA-256 (hex) its bytes must have, and its media type. */
export interface BlobMetadata {
  readonly sha256: string;
  readonly mediaType: string;
}

/** A stored blob, as a listing or a head answers it. */
export interface BlobInfo {
  readonly key: string;
  readonly sizeBytes: number;
  readonly lastModified: Date;
}

/**
 * Where documents' bytes live, outside PostgreSQL (which keeps each one's key
 * and SHA-256). Keys are paths of plain segments (`referral-attachments/ab/<id>`);
 * a store refuses any other key, so no key reaches outside the store.
 *
 * A put is all or nothing: a reader sees the whole blob or none. A put whose
 * bytes do not hash to the given SHA-256 stores nothing and throws
 * BlobIntegrityError. A delete of a missing key succeeds. Failures of the store
 * itself are BlobStoreUnavailableError, whose message names no credential.
 */
export abstract class BlobStore {
  /** Which store this is, for the start-up log (never a secret). */
  abstract readonly description: string;
  abstract put(key: string, bytes: Buffer | Readable, metadata: BlobMetadata): Promise<void>;
  /** The whole blob (documents are bounded by ATTACHMENT_MAX_BYTES); BlobNotFoundError if absent. */
  abstract get(key: string): Promise<Buffer>;
  abstract head(key: string): Promise<BlobInfo | null>;
  abstract delete(key: string): Promise<void>;
  /** Every blob whose key starts with `prefix` (a whole segment path, e.g. `referral-attachments/`). */
  abstract list(prefix: string): AsyncIterable<BlobInfo>;

  async exists(key: string): Promise<boolean> {
    return (await this.head(key)) !== null;
  }

  /**
   * Remove what puts interrupted by a crash left behind, if older than
   * `olderThan`; answers how many. A store whose puts are atomic on its own
   * side (S3: an object appears whole or not at all) leaves nothing.
   */
  sweepAbandonedWrites(_olderThan: Date): Promise<number> {
    return Promise.resolve(0);
  }
}

export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';
  constructor(readonly key: string) {
    super(`No blob under ${key}`);
  }
}

/** Bytes that do not hash to the SHA-256 recorded for them (on write, or on read). */
export class BlobIntegrityError extends Error {
  override readonly name = 'BlobIntegrityError';
  constructor(
    readonly key: string,
    readonly expectedSha256: string,
    readonly actualSha256: string | null,
  ) {
    super(
      actualSha256 === null
        ? `Blob ${key} is missing (expected SHA-256 ${expectedSha256})`
        : `Blob ${key} hashes to ${actualSha256}, not the recorded ${expectedSha256}`,
    );
  }
}

/** The store could not be reached or refused the operation. */
export class BlobStoreUnavailableError extends Error {
  override readonly name = 'BlobStoreUnavailableError';
  constructor(
    readonly operation: string,
    readonly key: string,
    readonly reason: string,
  ) {
    super(`Blob store ${operation} of ${key} failed: ${reason}`);
  }
}

/** One segment: letters, digits, `_`, `-`, `.`, not starting with a dot (so never `.` or `..`). */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
const MAX_KEY_LENGTH = 512;

/** The key's segments, or a thrown error when it is not a plain relative path. */
export function keySegments(key: string): string[] {
  const segments = key.split('/');
  if (key.length === 0 || key.length > MAX_KEY_LENGTH || !segments.every((s) => SEGMENT.test(s))) {
    throw new Error(`Not a blob key: ${JSON.stringify(key.slice(0, 80))}`);
  }
  return segments;
}

/** A listing prefix: whole segments followed by `/`. */
export function checkPrefix(prefix: string): string[] {
  if (!prefix.endsWith('/')) throw new Error(`A blob prefix ends with "/": ${prefix}`);
  return keySegments(prefix.slice(0, -1));
}

export const sha256Hex = (bytes: Buffer): string =>
  createHash('sha256').update(bytes).digest('hex');

/** Throws BlobIntegrityError unless `bytes` hash to `expected`. */
export function verifySha256(key: string, bytes: Buffer, expected: string): void {
  const actual = sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) throw new BlobIntegrityError(key, expected, actual);
}

/** A stream's bytes, for stores that need the whole body (its length) before sending. */
export async function collect(bytes: Buffer | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(bytes)) return bytes;
  const chunks: Buffer[] = [];
  for await (const chunk of bytes) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
