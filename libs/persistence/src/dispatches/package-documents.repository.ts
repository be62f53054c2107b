import { Injectable } from '@nestjs/common';
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
  async contentOf(tx: Tx, documentId: string): Promise<PackageDocumentContent | undefined> {
    const [row] = await managerOf(tx).query<PackageDocumentContent[]>(
      `SELECT id::text AS id, filename, media_type AS "mediaType", sha256, content
         FROM referral_attachments WHERE id = $1`,
      [documentId],
    );
    return row;
  }
}
