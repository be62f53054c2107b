import type { AuditRecord, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { AppConfig, ValidationProblem, type Environment } from '@app/common';
import {
  InMemoryUnitOfWork,
  type StatisticsRange,
  type StatisticsRepository,
  type UnitOfWork,
} from '@app/persistence';
import { StatisticsService } from './statistics.service';

const AUDITOR: AuthUser = {
  id: '44444444-4444-4444-8444-444444444444',
  organizationId: '22222222-2222-4222-8222-222222222222',
  organizationKind: 'coalition',
  role: 'auditor',
  email: 'auditor@example.test',
  sessionId: 's',
};
const META = { requestId: 'req-1', ip: null, userAgent: null, clientRequestId: null };
const NOW = new Date('2026-12-07T10:00:00Z');

function setup() {
  const ranges: StatisticsRange[] = [];
  const none = (_tx: unknown, range: StatisticsRange) => {
    ranges.push(range);
    return Promise.resolve([]);
  };
  const repository = {
    referralsPerMember: none,
    durations: none,
    outcomesByAgency: none,
    referralsByMonthAndMemberType: none,
    referralsByMemberCountry: none,
    dispatchResultsByAgencyCountry: none,
  } as unknown as StatisticsRepository;
  const recorded: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, r: AuditRecord) => {
      recorded.push(r);
      return Promise.resolve();
    },
  } as AuditWriter;
  const config = new AppConfig({ TRANSPARENCY_MIN_COUNT: 5 } as Environment);
  const uow = new InMemoryUnitOfWork() as unknown as UnitOfWork;
  return { ranges, recorded, service: new StatisticsService(uow, repository, audit, config) };
}

async function refusal(work: Promise<unknown>): Promise<string[]> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationProblem);
  return ((error as ValidationProblem).fieldErrors ?? []).map((e) => e.field);
}

describe('StatisticsService', () => {
  it('reads the last twelve months by default, to the end of the current one, and audits the read', async () => {
    const { ranges, recorded, service } = setup();
    const answer = await service.overview(AUDITOR, META, {}, NOW);
    expect(answer).toMatchObject({ from: '2026-01', to: '2026-12', truncated: false });
    expect(ranges[0]).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'statistics.read',
        details: { from: '2026-01', to: '2026-12' },
      }),
    ]);
  });

  it('takes a range across years, both months included', async () => {
    const { ranges, service } = setup();
    await service.overview(AUDITOR, META, { from: '2024-11', to: '2025-02' }, NOW);
    expect(ranges[0]).toEqual({
      from: new Date('2024-11-01T00:00:00Z'),
      to: new Date('2025-03-01T00:00:00Z'),
    });
  });

  it.each([
    [{ from: '2026-06', to: '2026-05' }, 'to'],
    [{ from: '2023-12', to: '2026-12' }, 'to'],
    [{ to: '2027-01' }, 'to'],
    [{ from: '1999-12', to: '2000-01' }, 'from'],
  ])('refuses %j, naming %s, before reading or auditing anything', async (query, field) => {
    const { ranges, recorded, service } = setup();
    expect(await refusal(service.overview(AUDITOR, META, query, NOW))).toEqual([field]);
    expect(ranges).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('accepts 36 months exactly', async () => {
    const { service } = setup();
    await expect(
      service.overview(AUDITOR, META, { from: '2024-01', to: '2026-12' }, NOW),
    ).resolves.toMatchObject({ from: '2024-01', to: '2026-12' });
  });

  it('exports a year as CSV over that calendar year, audited with the threshold', async () => {
    const { ranges, recorded, service } = setup();
    const file = await service.transparency(AUDITOR, META, { year: 2025, format: 'csv' }, NOW);
    expect(file.fileName).toBe('transparency-report-2025.csv');
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.body.toString('utf8')).toContain(
      'referrals_by_month_and_member_type,Total,Total,0',
    );
    expect(ranges[0]).toEqual({
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2026-01-01T00:00:00Z'),
    });
    expect(recorded[0]).toMatchObject({
      action: 'statistics.transparency_exported',
      details: { year: 2025, format: 'csv', threshold: 5 },
    });
  });

  it('refuses a future year, naming it', async () => {
    const { service } = setup();
    expect(
      await refusal(service.transparency(AUDITOR, META, { year: 2027, format: 'pdf' }, NOW)),
    ).toEqual(['year']);
  });
});
