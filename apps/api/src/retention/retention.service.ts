import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { AppConfig, retentionPolicyOf, type RequestMeta } from '@app/common';
import type { RetentionPolicy } from '@app/domain';
import {
  AuditArchivesRepository,
  retentionReport,
  RetentionRepository,
  UnitOfWork,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { retentionReportResponse, type RetentionReportResponse } from './dto/retention-report.dto';

/** The retention dry run for the platform administrator (the purge itself is the worker's). */
@Injectable()
export class RetentionService {
  private readonly policy: RetentionPolicy;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly retention: RetentionRepository,
    private readonly archives: AuditArchivesRepository,
    private readonly audit: AuditWriter,
    config: AppConfig,
  ) {
    this.policy = retentionPolicyOf({
      RETENTION_CASE_DAYS: config.get('RETENTION_CASE_DAYS'),
      RETENTION_WITHDRAWN_REFERRAL_DAYS: config.get('RETENTION_WITHDRAWN_REFERRAL_DAYS'),
      RETENTION_DRAFT_DAYS: config.get('RETENTION_DRAFT_DAYS'),
      RETENTION_WEBHOOK_DELIVERY_DAYS: config.get('RETENTION_WEBHOOK_DELIVERY_DAYS'),
      RETENTION_NOTIFICATION_DAYS: config.get('RETENTION_NOTIFICATION_DAYS'),
      RETENTION_MAIL_DELIVERY_DAYS: config.get('RETENTION_MAIL_DELIVERY_DAYS'),
      RETENTION_IDEMPOTENCY_DAYS: config.get('RETENTION_IDEMPOTENCY_DAYS'),
      RETENTION_AUDIT_DAYS: config.get('RETENTION_AUDIT_DAYS'),
    });
  }

  /** What a purge would remove now, per kind; counts only, audited as a read. */
  async report(user: AuthUser, meta: RequestMeta): Promise<RetentionReportResponse> {
    const { report, archives } = await this.uow.run(async (tx) => ({
      report: await retentionReport(
        tx,
        { retention: this.retention, archives: this.archives },
        this.policy,
        new Date(),
      ),
      archives: await this.archives.list(tx),
    }));
    await this.uow.run((tx) =>
      this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'retention.report',
        outcome: 'success',
        targetType: 'retention',
        details: { counts: Object.fromEntries(report.kinds.map((k) => [k.kind, k.count])) },
      }),
    );
    return retentionReportResponse(report, archives);
  }
}
