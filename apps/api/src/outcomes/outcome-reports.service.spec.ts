import type { AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ValidationProblem } from '@app/common';
import {
  InMemoryUnitOfWork,
  type OutcomeCountsRepository,
  type OutcomePeriod,
  type UnitOfWork,
} from '@app/persistence';
import { groupCounts, OutcomeReportsService } from './outcome-reports.service';

const META = { requestId: 'req-1', ip: null, userAgent: null, clientRequestId: null };
const coordinator: AuthUser = {
  id: 'coord-1',
  role: 'coordinator',
  organizationId: 'org-coalition',
  organizationKind: 'coalition',
  email: 'coord@example.org',
  sessionId: 's-1',
};

describe('OutcomeReportsService', () => {
  it('should give every outcome a count, zeros included, and a total per group', () => {
    const [bank] = groupCounts([
      { id: 'b', name: 'Bank', outcome: 'arrest', count: 2 },
      { id: 'b', name: 'Bank', outcome: 'conviction', count: 1 },
    ]);
    expect(bank.total).toBe(3);
    expect(bank.counts).toEqual({
      investigation_opened: 0,
      arrest: 2,
      charges_filed: 0,
      conviction: 1,
      merchant_disrupted: 0,
      referred_onward: 0,
      no_further_action: 0,
      other: 0,
    });
  });

  it('should refuse a period that ends before it starts, naming `to`, and audit a report read', async () => {
    const periods: OutcomePeriod[] = [];
    const counts = {
      counts: (_tx: unknown, _scope: unknown, period: OutcomePeriod) => {
        periods.push(period);
        return Promise.resolve({ byMember: [], byAgency: [] });
      },
    } as unknown as OutcomeCountsRepository;
    const audited: string[] = [];
    const audit = {
      record: (_tx: unknown, r: { action: string }) => {
        audited.push(r.action);
        return Promise.resolve();
      },
    } as unknown as AuditWriter;
    const none = {} as never;
    const service = new OutcomeReportsService(
      new InMemoryUnitOfWork() as unknown as UnitOfWork,
      new AccessService(none, none, none, none, none, none, none),
      counts,
      audit,
    );
    const refused = service.report(
      coordinator,
      { from: '2026-12-01T00:00:00Z', to: '2026-11-01T00:00:00Z' },
      META,
    );
    await expect(refused).rejects.toBeInstanceOf(ValidationProblem);
    await expect(refused).rejects.toMatchObject({
      fieldErrors: [expect.objectContaining({ field: 'to' })],
    });
    expect(periods).toHaveLength(0);

    const report = await service.report(coordinator, { from: '2026-11-01T00:00:00Z' }, META);
    expect(report).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: null,
      byMember: [],
      byAgency: [],
    });
    expect(audited).toEqual(['outcome_report.read']);
  });
});
