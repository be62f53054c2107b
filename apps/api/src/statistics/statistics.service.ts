import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { AppConfig, ValidationProblem, type RequestMeta } from '@app/common';
import { StatisticsRepository, UnitOfWork, type StatisticsRange } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import {
  STATISTICS_FIRST_YEAR,
  STATISTICS_MAX_MONTHS,
  STATISTICS_MAX_ROWS,
  type StatisticsResponse,
  type TransparencyFormat,
} from './dto/statistics.dto';
import { transparencyCsv } from './transparency/transparency-csv';
import { transparencyPdf } from './transparency/transparency-pdf';
import { buildTransparencyReport } from './transparency/transparency-report';

/** A month as a count from year 0, so that ranges are plain subtraction. */
const monthIndex = (text: string): number =>
  Number(text.slice(0, 4)) * 12 + Number(text.slice(5, 7)) - 1;
const monthText = (index: number): string =>
  `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
const monthStart = (index: number): Date =>
  new Date(Date.UTC(Math.floor(index / 12), index % 12, 1));

const hours = (seconds: number): number => Math.round(seconds / 360) / 10;

export interface TransparencyFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

/**
 * Aggregate figures for auditors and the platform administrator, and the
 * yearly transparency report. Every read goes through StatisticsRepository on
 * the read replica when one is set (`UnitOfWork.replicaRead`); each read and each
 * export is audited, in its own transaction, before the figures are returned.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly statistics: StatisticsRepository,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
  ) {}

  async overview(
    user: AuthUser,
    meta: RequestMeta,
    query: { from?: string; to?: string },
    now = new Date(),
  ): Promise<StatisticsResponse> {
    const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
    const to = query.to === undefined ? current : monthIndex(query.to);
    const from = query.from === undefined ? to - 11 : monthIndex(query.from);
    if (Math.floor(from / 12) < STATISTICS_FIRST_YEAR) {
      throw ValidationProblem.field('from', `must be ${STATISTICS_FIRST_YEAR}-01 or later`);
    }
    if (to > current) throw ValidationProblem.field('to', 'must not be in the future');
    if (to < from) throw ValidationProblem.field('to', 'must not be before from');
    if (to - from + 1 > STATISTICS_MAX_MONTHS) {
      throw ValidationProblem.field(
        'to',
        `must be at most ${STATISTICS_MAX_MONTHS} months after from, counting both`,
      );
    }
    const range: StatisticsRange = { from: monthStart(from), to: monthStart(to + 1) };
    await this.record(user, meta, 'statistics.read', { from: monthText(from), to: monthText(to) });

    const [referrals, times, outcomes] = await this.uow.replicaRead((tx) =>
      Promise.all([
        this.statistics.referralsPerMember(tx, range),
        this.statistics.durations(tx, range, 'month'),
        this.statistics.outcomesByAgency(tx, range),
      ]),
    );
    return {
      from: monthText(from),
      to: monthText(to),
      referrals: referrals.slice(0, STATISTICS_MAX_ROWS),
      times: times.map((t) => ({
        month: t.month ?? monthText(from),
        measure: t.measure,
        count: t.count,
        medianHours: hours(t.medianSeconds),
        p90Hours: hours(t.p90Seconds),
      })),
      outcomes: outcomes.slice(0, STATISTICS_MAX_ROWS),
      truncated: referrals.length > STATISTICS_MAX_ROWS || outcomes.length > STATISTICS_MAX_ROWS,
    };
  }

  async transparency(
    user: AuthUser,
    meta: RequestMeta,
    query: { year: number; format: TransparencyFormat },
    now = new Date(),
  ): Promise<TransparencyFile> {
    if (query.year > now.getUTCFullYear()) {
      throw ValidationProblem.field('year', 'must not be in the future');
    }
    const threshold = this.config.get('TRANSPARENCY_MIN_COUNT');
    const range: StatisticsRange = {
      from: new Date(Date.UTC(query.year, 0, 1)),
      to: new Date(Date.UTC(query.year + 1, 0, 1)),
    };
    await this.record(user, meta, 'statistics.transparency_exported', {
      year: query.year,
      format: query.format,
      threshold,
    });
    const [byMonthAndMemberType, byMemberCountry, dispatchResultsByAgencyCountry, yearTimes] =
      await this.uow.replicaRead((tx) =>
        Promise.all([
          this.statistics.referralsByMonthAndMemberType(tx, range),
          this.statistics.referralsByMemberCountry(tx, range),
          this.statistics.dispatchResultsByAgencyCountry(tx, range),
          this.statistics.durations(tx, range, 'range'),
        ]),
      );
    const report = buildTransparencyReport(
      query.year,
      { byMonthAndMemberType, byMemberCountry, dispatchResultsByAgencyCountry, yearTimes },
      threshold,
    );
    const fileName = `transparency-report-${query.year}.${query.format}`;
    return query.format === 'csv'
      ? {
          body: Buffer.from(transparencyCsv(report), 'utf8'),
          contentType: 'text/csv; charset=utf-8',
          fileName,
        }
      : { body: await transparencyPdf(report, now), contentType: 'application/pdf', fileName };
  }

  private async record(
    user: AuthUser,
    meta: RequestMeta,
    action: 'statistics.read' | 'statistics.transparency_exported',
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.uow.run((tx) =>
      this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action,
        outcome: 'success',
        targetType: 'statistics',
        details,
      }),
    );
  }
}
