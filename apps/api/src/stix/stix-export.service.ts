import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import {
  assertValidStixBundle,
  buildStixBundle,
  serializeStixBundle,
  StixBundleRefused,
  stixSourceOfPackage,
  type CasePackage,
  type StixExportSource,
} from '@app/domain';
import { CaseReferralsRepository, UnitOfWork, type Tx } from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { caseExportSource, EXPORTED_REFERRAL_STATUSES } from './case-export-source';

/** A bundle ready to send: its bytes and the file name it is offered under. */
export interface StixExport {
  body: string;
  filename: string;
}

/**
 * STIX 2.1 exports: a dispatch's stored package (its agency's liaisons and
 * coordinators) and a case's referrals as a package would carry them
 * (coordinators). Each is built, then validated: an invalid bundle never
 * leaves; it is logged by where and what rule failed, never by content, and
 * answered as an unexpected error. Each export is audited, in the transaction
 * that reached the record, like the dispatch read.
 */
@Injectable()
export class StixExportService {
  private readonly logger = new Logger('StixExport');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
    private readonly caseReferrals: CaseReferralsRepository,
  ) {}

  dispatchBundle(actor: AuthUser, id: string, meta: RequestMeta): Promise<StixExport> {
    return this.uow.run(async (tx) => {
      const { dispatch } = await this.access.require(
        actor,
        'dispatches.read',
        { kind: 'dispatch', id },
        { tx },
      );
      const source = stixSourceOfPackage(dispatch.package as unknown as CasePackage);
      const exported = this.export(source, { kind: 'dispatch', id });
      await this.record(tx, actor, meta, 'dispatch', id, dispatch.reference, exported);
      return exported;
    });
  }

  caseBundle(actor: AuthUser, caseId: string, meta: RequestMeta): Promise<StixExport> {
    return this.uow.run(async (tx) => {
      const c = await this.access.require(
        actor,
        'cases.read',
        { kind: 'case', id: caseId },
        { tx },
      );
      const { referrals, filers } = await this.caseReferrals.forPackage(
        tx,
        this.access.scopeFilter(actor, 'cases.read'),
        caseId,
        EXPORTED_REFERRAL_STATUSES,
      );
      const exported = this.export(caseExportSource(c, referrals, filers), {
        kind: 'case',
        id: caseId,
      });
      await this.record(tx, actor, meta, 'case', caseId, c.reference, exported);
      return exported;
    });
  }

  /** Build and validate; nothing invalid is returned. */
  private export(source: StixExportSource, target: { kind: string; id: string }): StixExport {
    const bundle = buildStixBundle(source);
    try {
      assertValidStixBundle(bundle);
    } catch (error) {
      if (error instanceof StixBundleRefused) {
        // Where and which rule, never the values: the bundle is case material.
        this.logger.error(
          { target, problems: error.problems.slice(0, 50), count: error.problems.length },
          'A STIX bundle failed validation and was not sent',
        );
      }
      throw error;
    }
    return {
      body: serializeStixBundle(bundle),
      filename: `${safeName(source.scope.reference)}.stix.json`,
    };
  }

  private async record(
    tx: Tx,
    actor: AuthUser,
    meta: RequestMeta,
    targetType: 'dispatch' | 'case',
    targetId: string,
    reference: string,
    exported: StixExport,
  ): Promise<void> {
    await this.audit.record(tx, {
      actor: actorOf(actor),
      origin: meta,
      action: `${targetType}.export_stix`,
      outcome: 'success',
      targetType,
      targetId,
      details: { reference, format: 'stix-2.1', bytes: Buffer.byteLength(exported.body) },
    });
  }
}

/** A reference as a file name: letters, digits, dot, dash, underscore. */
function safeName(reference: string): string {
  return reference.replace(/[^A-Za-z0-9._-]/g, '_') || 'export';
}
