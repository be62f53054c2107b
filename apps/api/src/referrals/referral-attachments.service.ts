import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import {
  ConflictProblem,
  ProblemException,
  RecordNotFound,
  ValidationProblem,
  type RequestMeta,
} from '@app/common';
import { imagePayloadProblem, MASKED_CARD_EXAMPLE } from '@app/domain';
import {
  ReferralAttachmentsRepository,
  UnitOfWork,
  type ReferralAttachmentEntity,
} from '@app/persistence';
import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { withDocumentProblems } from '../shared/documents';
import { screenDocument } from './document-screening';

/** Statuses in which the filer may still add documents (drafting, or answering questions). */
const OPEN_FOR_DOCUMENTS = ['draft', 'submitted', 'in_review', 'info_requested'];
/** A document's name: 1 to this many characters, after trimming. */
export const MAX_ATTACHMENT_FILENAME_LENGTH = 255;
// eslint-disable-next-line no-control-regex
const BAD_FILENAME = /[\u0000-\u001f\u007f/\\]/;

export interface AttachmentView {
  id: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

function unsupportedDocument(reason: string): ProblemException {
  return new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, {
    code: 'unsupported_document_type',
    detail: reason,
    errors: [{ field: 'body', messages: [reason] }],
  });
}

function toView(a: ReferralAttachmentEntity): AttachmentView {
  return {
    id: a.id,
    filename: a.filename,
    mediaType: a.mediaType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    createdAt: a.createdAt.toISOString(),
  };
}

/**
 * Documents on a referral (transaction exports, correspondence). What a
 * document is, is decided by its bytes; anything but PDF, CSV or plain text is
 * refused with 415 and nothing is stored. A PDF is read in full and refused
 * unless it is text only (see pdf-inspector.ts).
 */
@Injectable()
export class ReferralAttachmentsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly attachments: ReferralAttachmentsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
  ) {}

  async add(
    actor: AuthUser,
    referralId: string,
    filename: string | undefined,
    content: unknown,
    meta: RequestMeta,
  ): Promise<AttachmentView> {
    const scope = this.access.scopeFilter(actor, 'referrals.write');
    // Reach first, so an out-of-reach attempt answers 404 whatever it sent; the
    // row stays locked while the document is screened and its bytes are written
    // to the blob store, before the row that records them commits.
    return withDocumentProblems(() =>
      this.uow.run(async (tx) => {
        const referral = await this.access.require(
          actor,
          'referrals.write',
          { kind: 'referral', id: referralId },
          { tx, lock: true },
        );
        const name = (filename ?? '').trim();
        if (
          name.length === 0 ||
          name.length > MAX_ATTACHMENT_FILENAME_LENGTH ||
          BAD_FILENAME.test(name)
        ) {
          throw ValidationProblem.field(
            'filename',
            `give the file name (1-${MAX_ATTACHMENT_FILENAME_LENGTH} characters, no slashes)`,
          );
        }
        if (!Buffer.isBuffer(content)) {
          throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, {
            code: 'unsupported_media_type',
            detail:
              'Send the document as the raw request body with Content-Type: application/octet-stream.',
          });
        }
        const nameProblem = imagePayloadProblem(name);
        if (nameProblem) throw ValidationProblem.field('filename', nameProblem);
        const screening = await screenDocument(content, name);
        if ('unsupported' in screening) throw unsupportedDocument(screening.unsupported);
        if ('cardBrand' in screening) {
          throw ValidationProblem.field(
            'body',
            `looks like a ${screening.cardBrand} card number in the document; keep only the BIN (first 6) and last 4 digits, e.g. ${MASKED_CARD_EXAMPLE}`,
          );
        }
        const sha256 = createHash('sha256').update(content).digest('hex');
        if (!OPEN_FOR_DOCUMENTS.includes(referral.status)) {
          throw new ConflictProblem(
            'referral_attachment_not_allowed',
            `Documents cannot be added to a referral in status ${referral.status}.`,
          );
        }
        const id = randomUUID();
        const stored = await this.attachments.add(tx, scope, referral, {
          id,
          referralId,
          organizationId: referral.organizationId,
          createdBy: actor.id,
          filename: name,
          mediaType: screening.type,
          sizeBytes: content.length,
          sha256,
          content,
        });
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: 'referral.attachment_add',
          outcome: 'success',
          targetType: 'referral',
          targetId: referralId,
          details: {
            attachmentId: id,
            mediaType: screening.type,
            sizeBytes: content.length,
            sha256,
          },
        });
        return toView(stored);
      }),
    );
  }

  async list(actor: AuthUser, referralId: string): Promise<AttachmentView[]> {
    const tx = this.uow.autocommit;
    await this.access.require(
      actor,
      'referrals.read',
      { kind: 'referral', id: referralId },
      { tx },
    );
    const scope = this.access.scopeFilter(actor, 'referrals.read');
    const rows = await this.attachments.list(tx, scope, referralId);
    return rows.map(toView);
  }

  async download(
    actor: AuthUser,
    referralId: string,
    attachmentId: string,
    meta: RequestMeta,
  ): Promise<{ view: AttachmentView; content: Buffer }> {
    const scope = this.access.scopeFilter(actor, 'referrals.read');
    // The bytes are checked against the recorded SHA-256 before anything is answered.
    return withDocumentProblems(() =>
      this.uow.run(async (tx) => {
        await this.access.require(
          actor,
          'referrals.read',
          { kind: 'referral', id: referralId },
          { tx },
        );
        const row = await this.attachments.findWithContent(tx, scope, referralId, attachmentId);
        if (!row) throw new RecordNotFound('document');
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: 'referral.attachment_read',
          outcome: 'success',
          targetType: 'referral',
          targetId: referralId,
          details: { attachmentId },
        });
        return { view: toView(row), content: row.content };
      }),
    );
  }
}
