import { Injectable } from '@nestjs/common';
import { BlobStore } from '../blobs/blob-store';
import { readDocument } from '../referrals/attachment-content';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A document as a package download serves it. */
export interface PackageDocumentContent {
  readonly id: string;
  readonly filename: string;
  readonly mediaType: string;
  readonly sha256: string;
  readonly content: Buffer;
}

/**
 * The bytes of the documents a package lists. Reach is the dispatch's: the
 * caller has reached a dispatch whose package names the document, so no
 * referral scope applies here.
 */
@Injectable()
export class PackageDocumentsRepository {
  constructor(readonly blobs: BlobStore) {}

  /** The document with its bytes, checked against its SHA-256 (else BlobIntegrityError). */
  async contentOf(tx: Tx, documentId: string): Promise<PackageDocumentContent | undefined> {
    const [row] = await managerOf(tx).query<
      (Omit<PackageDocumentContent, 'content'> & {
        blobKey: string | null;
        content: Buffer | null;
      })[]
    >(
      `SELECT id::text AS id, filename, media_type AS "mediaType", sha256,
              blob_key AS "blobKey", content
         FROM referral_attachments WHERE id = $1`,
      [documentId],
    );
    if (!row) return undefined;
    const { blobKey: _key, ...document } = row;
    return { ...document, content: await readDocument(this.blobs, row) };
  }
}
