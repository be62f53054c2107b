import type { AuditRecord } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { ConflictProblem, Forbidden } from '@app/common';
import { InMemoryUnitOfWork, type Tx } from '@app/persistence';
import { auditedCommand } from './audited-command';

describe('auditedCommand', () => {
  const actor: AuthUser = {
    id: 'u1',
    organizationId: 'o1',
    organizationKind: 'coalition',
    role: 'coordinator',
    email: 'c@test.example',
    sessionId: 's1',
  };
  const attempt = {
    actor,
    meta: { requestId: 'r1', ip: '192.0.2.1', userAgent: null, clientRequestId: null },
    action: 'dispatch.retry',
    targetType: 'dispatch',
    targetId: 'd1',
  };

  function setup() {
    const uow = new InMemoryUnitOfWork();
    const records: AuditRecord[] = [];
    const audit = {
      record: (_tx: Tx, record: AuditRecord) => {
        records.push(record);
        return Promise.resolve();
      },
    };
    return { uow, records, audit };
  }

  it('should record a 403 refusal as denied in a transaction of its own, then rethrow it', async () => {
    const { uow, records, audit } = setup();
    const refusal = new Forbidden('no', 'dispatch_retry_forbidden');
    await expect(auditedCommand(uow, audit, attempt, () => Promise.reject(refusal))).rejects.toBe(
      refusal,
    );
    expect(uow.rollbacks).toBe(1);
    expect(uow.commits).toBe(1);
    expect(records).toEqual([
      expect.objectContaining({
        action: 'dispatch.retry',
        outcome: 'denied',
        targetType: 'dispatch',
        targetId: 'd1',
        details: { code: 'dispatch_retry_forbidden' },
        actor: { userId: 'u1', organizationId: 'o1', role: 'coordinator' },
      }),
    ]);
  });

  it('should not audit other failures (a 409 is the state, not the caller)', async () => {
    const { uow, records, audit } = setup();
    const conflict = new ConflictProblem('dispatch_retry_not_allowed_from_pending', 'no');
    await expect(auditedCommand(uow, audit, attempt, () => Promise.reject(conflict))).rejects.toBe(
      conflict,
    );
    expect(records).toEqual([]);
    expect(uow.commits).toBe(0);
  });

  it('should return what the work returns', async () => {
    const { uow, records, audit } = setup();
    await expect(auditedCommand(uow, audit, attempt, () => Promise.resolve(42))).resolves.toBe(42);
    expect(records).toEqual([]);
    expect(uow.commits).toBe(1);
  });
});
