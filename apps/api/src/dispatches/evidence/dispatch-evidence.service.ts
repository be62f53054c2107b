import {
  actorOf,
  AuditWriter,
  PACKAGE_PROOF_SCHEMA,
  projectionDigest,
  type PackageProof,
  type ProofEvent,
} from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ProblemException, RecordNotFound, type RequestMeta } from '@app/common';
import { canonicalJson, packageDigest, type CasePackage } from '@app/domain';
import {
  AuditChainRepository,
  PackageDocumentsRepository,
  UnitOfWork,
  UsersRepository,
  type ChainEventRow,
  type DispatchEntity,
  type PackageDocumentContent,
  type Tx,
} from '@app/persistence';
import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { documentProblem } from '../../shared/documents';
import { renderPackagePdf, type PdfStamp } from '../package-pdf';

/** Seconds a client should wait before asking for a proof whose checkpoint is not signed yet. */
export const PROOF_RETRY_AFTER_SECONDS = 5;

/** A package as downloaded: its canonical JSON, whose SHA-256 is the recorded digest. */
export interface PackageFile {
  readonly filename: string;
  readonly body: Buffer;
  readonly digest: string;
  readonly tlp: string;
}

/**
 * What an agency keeps as evidence of a dispatch: the package as recorded
 * (canonical JSON), each document it lists, and the proof that ties the
 * package to a signed checkpoint. Each is read through the dispatch (the
 * caller must reach it, else 404) and each read is audited.
 */
@Injectable()
export class DispatchEvidenceService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
    private readonly chain: AuditChainRepository,
    private readonly documents: PackageDocumentsRepository,
    private readonly users: UsersRepository,
  ) {}

  /**
   * The package as a paginated PDF: every page carries the marking, page x of
   * y, who printed it and when, the package digest and the checkpoint that
   * covers it (or that it is pending). Audited as `dispatch.package_print`;
   * drawn after the read's transaction, so no connection waits on the layout.
   */
  async packagePdf(actor: AuthUser, id: string, meta: RequestMeta): Promise<PackageFile> {
    const { pkg, stamp, reference, tlp } = await this.uow.run(async (tx) => {
      const dispatch = await this.reach(tx, actor, id);
      const printer = await this.users.self(tx, actor.id);
      const checkpoint = await this.coveringCheckpoint(tx, id);
      const stamp: PdfStamp = {
        printedBy: printer?.displayName ?? actor.email,
        printedAt: new Date(),
        packageDigest: dispatch.packageDigest ?? packageDigest(dispatch.package),
        checkpoint,
      };
      await this.record(tx, actor, meta, dispatch, 'dispatch.package_print', {
        digest: stamp.packageDigest,
        checkpointId: checkpoint?.id ?? null,
      });
      return {
        pkg: dispatch.package as unknown as CasePackage,
        stamp,
        reference: dispatch.reference,
        tlp: dispatch.tlp,
      };
    });
    return {
      filename: `${reference}.package.pdf`,
      body: await renderPackagePdf(pkg, stamp),
      digest: stamp.packageDigest,
      tlp,
    };
  }

  packageFile(actor: AuthUser, id: string, meta: RequestMeta): Promise<PackageFile> {
    return this.uow.run(async (tx) => {
      const dispatch = await this.reach(tx, actor, id);
      const body = Buffer.from(canonicalJson(dispatch.package), 'utf8');
      const digest = createHash('sha256').update(body).digest('hex');
      await this.record(tx, actor, meta, dispatch, 'dispatch.package_download', { digest });
      return {
        filename: `${dispatch.reference}.package.json`,
        body,
        digest,
        tlp: dispatch.tlp,
      };
    });
  }

  /** One document the package lists; its bytes must still match the listed SHA-256. */
  document(
    actor: AuthUser,
    id: string,
    documentId: string,
    meta: RequestMeta,
  ): Promise<PackageDocumentContent> {
    return this.uow.run(async (tx) => {
      const dispatch = await this.reach(tx, actor, id);
      const listed = (dispatch.package as unknown as CasePackage).referrals
        ?.flatMap((r) => r.documents ?? [])
        .find((d) => d.id === documentId);
      if (!listed) throw new RecordNotFound('document');
      // Bytes that no longer match the SHA-256 recorded with the document fail here.
      const document = await this.documents.contentOf(tx, documentId).catch((error: unknown) => {
        throw documentProblem(error);
      });
      if (!document) throw new RecordNotFound('document');
      const sha256 = createHash('sha256').update(document.content).digest('hex');
      if (sha256 !== listed.sha256) {
        // Stored bytes that differ from what the package recorded are never handed out as evidence.
        throw new ProblemException(HttpStatus.CONFLICT, {
          code: 'document_integrity_failure',
          detail:
            'The stored document no longer matches the SHA-256 recorded in the package; the coalition has been told.',
        });
      }
      await this.record(tx, actor, meta, dispatch, 'dispatch.document_download', {
        documentId,
        sha256,
      });
      return { ...document, filename: listed.filename };
    });
  }

  /**
   * The package's proof: its dispatch event and the projection digests from it
   * to the first signed checkpoint at or after it. 409 `proof_pending` (with
   * Retry-After) until that checkpoint exists — the approval asked for one, so
   * normally seconds; 409 `proof_unavailable` for packages approved before
   * packages were digested.
   */
  proof(actor: AuthUser, id: string, meta: RequestMeta): Promise<PackageProof> {
    return this.uow.run(async (tx) => {
      const dispatch = await this.reach(tx, actor, id);
      if (!dispatch.packageDigest) throw proofUnavailable();
      const row = await this.chain.eventOf(tx, 'dispatch.create', 'dispatch', id);
      if (!row) throw proofUnavailable();
      const event = row as unknown as SealedRow & { seq: string | null };
      if (event.seq === null) throw proofPending();
      if (event.chainFormat !== 2) throw proofUnavailable();
      const checkpoint = await this.chain.firstCheckpointFrom(tx, event.seq);
      if (!checkpoint) throw proofPending();
      const between = await this.chain.chainFieldsBetween(tx, event.seq, checkpoint.seq);
      if (between.some((e) => e.chainFormat !== 2)) throw proofUnavailable();
      await this.record(tx, actor, meta, dispatch, 'dispatch.proof_read', {
        checkpointId: checkpoint.id,
      });
      return {
        schema: PACKAGE_PROOF_SCHEMA,
        dispatch: { id: dispatch.id, reference: dispatch.reference },
        packageDigest: dispatch.packageDigest,
        event: proofEvent({ ...event, seq: event.seq }),
        path: between.map((e) => projectionDigest(Number(e.seq), e)),
        checkpoint: {
          id: checkpoint.id,
          seq: Number(checkpoint.seq),
          hash: checkpoint.hash,
          signedAt: checkpoint.signedAt,
          algorithm: checkpoint.algorithm,
          signature: checkpoint.signature,
          publicKeyPem: checkpoint.publicKeyPem,
          publicKeyFingerprint: checkpoint.publicKeyFingerprint,
        },
      };
    });
  }

  /** The first checkpoint at or after the dispatch event, or null while there is none. */
  private async coveringCheckpoint(tx: Tx, id: string): Promise<PdfStamp['checkpoint']> {
    const event = await this.chain.eventOf(tx, 'dispatch.create', 'dispatch', id);
    const seq = event?.seq as string | null | undefined;
    if (!seq) return null;
    const checkpoint = await this.chain.firstCheckpointFrom(tx, seq);
    return checkpoint
      ? { id: checkpoint.id, seq: Number(checkpoint.seq), signedAt: checkpoint.signedAt }
      : null;
  }

  private async reach(tx: Tx, actor: AuthUser, id: string): Promise<DispatchEntity> {
    const { dispatch } = await this.access.require(
      actor,
      'dispatches.read',
      { kind: 'dispatch', id },
      { tx },
    );
    return dispatch;
  }

  private record(
    tx: Tx,
    actor: AuthUser,
    meta: RequestMeta,
    dispatch: DispatchEntity,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(tx, {
      actor: actorOf(actor),
      origin: meta,
      action,
      outcome: 'success',
      targetType: 'dispatch',
      targetId: dispatch.id,
      details: { reference: dispatch.reference, ...details },
    });
  }
}

/** The dispatch event as AuditChainRepository.eventOf reads it, once chained. */
type SealedRow = ChainEventRow & {
  seq: string;
  prevHash: string | null;
  hash: string | null;
  details: Record<string, unknown>;
};

function proofEvent(e: SealedRow): ProofEvent {
  return {
    seq: Number(e.seq),
    prevHash: e.prevHash ?? '',
    hash: e.hash ?? '',
    chainFormat: 2,
    occurredAt: e.occurredAt,
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
    details: e.details,
  };
}

function proofPending(): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, {
    code: 'proof_pending',
    detail:
      'The signed checkpoint covering this dispatch is not there yet (it normally is within seconds of approval); try again shortly.',
    headers: { 'Retry-After': String(PROOF_RETRY_AFTER_SECONDS) },
  });
}

function proofUnavailable(): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, {
    code: 'proof_unavailable',
    detail:
      'This package was approved before packages were digested and has no proof of its own; the coalition’s auditors can show its dispatch in the audit trail.',
  });
}
