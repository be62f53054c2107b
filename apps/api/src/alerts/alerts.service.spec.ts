import type { AuditRecord, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { encodeCursor, RecordNotFound, ValidationProblem } from '@app/common';
import { InMemoryAlertsRepository, InMemoryUnitOfWork, type UnitOfWork } from '@app/persistence';
import { AlertsService } from './alerts.service';

const COORDINATOR: AuthUser = {
  id: '44444444-4444-4444-8444-444444444444',
  organizationId: '22222222-2222-4222-8222-222222222222',
  organizationKind: 'coalition',
  role: 'coordinator',
  email: 'coordinator@example.test',
  sessionId: 's',
};
const META = { requestId: 'req-1', ip: null, userAgent: null, clientRequestId: null };
const CASE_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const CASE_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

async function setup() {
  const alerts = new InMemoryAlertsRepository();
  const recorded: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, r: AuditRecord) => {
      recorded.push(r);
      return Promise.resolve();
    },
  } as AuditWriter;
  const uow = new InMemoryUnitOfWork();
  const service = new AlertsService(uow as unknown as UnitOfWork, alerts, audit);
  for (const [key, caseId] of [
    ['k1', CASE_A],
    ['k2', CASE_B],
    ['k3', CASE_A],
  ]) {
    await alerts.raise(undefined as never, {
      kind: 'sla_breach',
      caseId,
      dispatchId: null,
      clockId: null,
      message: key,
      dedupeKey: key,
    });
  }
  return { alerts, recorded, uow, service };
}

describe('AlertsService', () => {
  it('lists open alerts newest first by default, optionally for one case', async () => {
    const { alerts, service } = await setup();
    await alerts.acknowledge(undefined as never, alerts.alerts[2].id, COORDINATOR.id);

    expect((await service.list({})).items.map((a) => a.message)).toEqual(['k2', 'k1']);
    expect((await service.list({ open: 'false' })).items.map((a) => a.message)).toEqual([
      'k3',
      'k2',
      'k1',
    ]);
    expect(
      (await service.list({ open: 'false', caseId: CASE_A })).items.map((a) => a.message),
    ).toEqual(['k3', 'k1']);
  });

  it('refuses a cursor this API did not issue', async () => {
    const { service } = await setup();
    const refused = service.list({ cursor: encodeCursor({ sortValue: 'x', id: 'not-a-uuid' }) });
    await expect(refused).rejects.toBeInstanceOf(ValidationProblem);
  });

  it('records who acknowledged an alert, once', async () => {
    const { alerts, recorded, service } = await setup();
    const id = alerts.alerts[0].id;

    const first = await service.acknowledge(COORDINATOR, id, META);
    const again = await service.acknowledge(COORDINATOR, id, META);

    expect(first.acknowledgedBy?.id).toBe(COORDINATOR.id);
    expect(again.acknowledgedAt).toBe(first.acknowledgedAt);
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'alert.acknowledge',
        targetType: 'alert',
        targetId: id,
        details: { caseId: CASE_A, kind: 'sla_breach' },
      }),
    ]);
  });

  it('answers 404 for an alert that does not exist, committing nothing', async () => {
    const { recorded, uow, service } = await setup();
    await expect(
      service.acknowledge(COORDINATOR, '99999999-9999-4999-8999-999999999999', META),
    ).rejects.toBeInstanceOf(RecordNotFound);
    expect(recorded).toHaveLength(0);
    expect(uow.rollbacks).toBe(1);
  });
});
