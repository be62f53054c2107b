import {
  chainHash,
  digestOfDetails,
  GENESIS_HASH,
  type AuditRecord,
  type AuditWriter,
} from '@app/audit';
import type { AuthUser } from '@app/auth';
import { encodeCursor, ValidationProblem } from '@app/common';
import {
  InMemoryAuditChainRepository,
  InMemoryAuditCheckpointsRepository,
  InMemoryAuditEventsRepository,
  InMemoryAuditTrail,
  InMemoryUnitOfWork,
  type NewAuditEvent,
  type UnitOfWork,
} from '@app/persistence';
import { AuditService } from './audit.service';

const AUDITOR: AuthUser = {
  id: '11111111-1111-4111-8111-111111111111',
  organizationId: '22222222-2222-4222-8222-222222222222',
  organizationKind: 'coalition',
  role: 'auditor',
  email: 'auditor@example.test',
  sessionId: 's',
};
const META = { requestId: 'req-1', ip: '127.0.0.1', userAgent: null, clientRequestId: null };

function event(over: Partial<NewAuditEvent>): NewAuditEvent {
  return {
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    actorUserId: null,
    actorOrganizationId: null,
    actorRole: null,
    action: 'case.open',
    targetType: 'case',
    targetId: 'c1',
    outcome: 'success',
    requestId: null,
    ip: null,
    details: {},
    detailsDigest: digestOfDetails({}),
    ...over,
  };
}

function setup() {
  const trail = new InMemoryAuditTrail();
  const events = new InMemoryAuditEventsRepository(trail);
  const chain = new InMemoryAuditChainRepository(trail);
  const checkpoints = new InMemoryAuditCheckpointsRepository();
  const uow = new InMemoryUnitOfWork();
  const recorded: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, r: AuditRecord) => {
      recorded.push(r);
      return Promise.resolve();
    },
  } as AuditWriter;
  const service = new AuditService(uow as unknown as UnitOfWork, events, chain, checkpoints, audit);
  return { trail, events, chain, checkpoints, uow, recorded, service };
}

async function fieldOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationProblem);
  return (error as ValidationProblem).fieldErrors?.[0]?.field;
}

/** Seal every event in id order, as the sealer does. */
function sealAll(trail: InMemoryAuditTrail): void {
  let prev = GENESIS_HASH;
  trail.events.forEach((e, i) => {
    const seq = i + 1;
    const hash = chainHash(prev, seq, {
      occurredAt: e.occurredAt.toISOString(),
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
      chainFormat: 2,
    });
    Object.assign(e, { chainSeq: String(seq), prevHash: prev, hash });
    prev = hash;
  });
}

describe('AuditService', () => {
  describe('events', () => {
    it('refuses a from that is not a date-time', async () => {
      const { service } = setup();
      expect(await fieldOf(service.events({ from: 'yesterday' }))).toBe('from');
    });

    it('refuses a range whose end is not after its start', async () => {
      const { service } = setup();
      const at = '2026-01-01T00:00:00.000Z';
      expect(await fieldOf(service.events({ from: at, to: at }))).toBe('to');
    });

    it('refuses a cursor whose id is not an event id', async () => {
      const { service, events } = setup();
      const cursor = encodeCursor({ sortValue: '1', id: "1' OR 1=1" });
      expect(await fieldOf(service.events({ cursor }))).toBe('cursor');
      expect(events.searches).toHaveLength(0);
    });

    it('passes the validated filters and pages newest first by id', async () => {
      const { service, events, trail } = setup();
      for (const targetId of ['a', 'b', 'c']) trail.append(event({ targetId }));
      trail.append(event({ action: 'auth.login', targetId: 'd' }));

      const first = await service.events({
        action: 'case.open',
        limit: 2,
        from: '2025-12-31T00:00:00Z',
      });
      expect(first.items.map((e) => e.targetId)).toEqual(['c', 'b']);
      expect(events.searches[0]).toEqual({
        filter: expect.objectContaining({
          action: 'case.open',
          from: new Date('2025-12-31T00:00:00Z'),
          beforeId: undefined,
        }) as unknown,
        take: 3,
      });
      expect(first.nextCursor).toBeTruthy();

      const second = await service.events({
        action: 'case.open',
        limit: 2,
        cursor: first.nextCursor as string,
      });
      expect(second.items.map((e) => e.targetId)).toEqual(['a']);
      expect(second.nextCursor).toBeNull();
    });
  });

  describe('verify', () => {
    it('records the verification and its verdict', async () => {
      const { service, trail, recorded } = setup();
      trail.append(event({ targetId: 'a' }));
      trail.append(event({ targetId: 'b' }));
      sealAll(trail);

      const report = await service.verify(AUDITOR, META);
      expect(report.valid).toBe(true);
      expect(report.checked).toBe(2);
      // Nothing broken: the answer says so with nulls, not by leaving the fields out.
      expect(report).toMatchObject({
        firstBrokenSeq: null,
        reason: null,
        checkpoints: { firstInvalidId: null, reason: null },
      });
      expect(recorded).toEqual([
        expect.objectContaining({
          action: 'audit.verify',
          outcome: 'success',
          targetType: 'audit_chain',
          details: {
            mode: 'incremental',
            fromSeq: 0,
            valid: true,
            checked: 2,
            headSeq: 2,
            firstBrokenSeq: null,
            checkpointsValid: true,
          },
        }),
      ]);
    });

    it('reports an edited event as a broken chain, and records that', async () => {
      const { service, trail, recorded } = setup();
      trail.append(event({ targetId: 'a' }));
      trail.append(event({ targetId: 'b' }));
      sealAll(trail);
      trail.events[1].targetId = 'edited';

      const report = await service.verify(AUDITOR, META);
      expect(report.valid).toBe(false);
      expect(report.firstBrokenSeq).toBe(2);
      expect(recorded[0].details).toMatchObject({ valid: false, firstBrokenSeq: 2 });
    });
  });

  it('records a checkpoint request in the transaction that stores it', async () => {
    const { service, checkpoints, recorded, uow } = setup();
    const answer = await service.requestCheckpoint(AUDITOR, META);
    expect(checkpoints.requests).toEqual([
      { id: answer.requestId, requestedBy: AUDITOR.id, fulfilledBy: null },
    ]);
    expect(answer.status).toBe('pending');
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'audit.checkpoint_request',
        targetType: 'audit_checkpoint_request',
        targetId: answer.requestId,
      }),
    ]);
    expect(uow.commits).toBe(1);
  });

  it('refuses a checkpoint cursor this API did not issue', async () => {
    const { service } = setup();
    const cursor = encodeCursor({ sortValue: 'not a time', id: 'x' });
    expect(await fieldOf(service.checkpoints({ cursor }))).toBe('cursor');
  });

  it('records an export before sending the events of the range in insertion order', async () => {
    const { service, trail, recorded } = setup();
    trail.append(event({ targetId: 'before', occurredAt: new Date('2025-06-01T00:00:00Z') }));
    trail.append(event({ targetId: 'x' }));
    trail.append(event({ targetId: 'y' }));

    const stream = await service.export(AUDITOR, META, {
      from: '2025-12-01T00:00:00Z',
      to: '2026-02-01T00:00:00Z',
    });
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'audit.export',
        details: { from: '2025-12-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
      }),
    ]);
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { targetId: string });
    expect(lines.map((l) => l.targetId)).toEqual(['x', 'y']);
  });

  it('refuses an export range whose end is before its start, recording nothing', async () => {
    const { service, recorded } = setup();
    const refused = service.export(AUDITOR, META, {
      from: '2026-02-01T00:00:00Z',
      to: '2026-01-01T00:00:00Z',
    });
    expect(await fieldOf(refused)).toBe('to');
    expect(recorded).toHaveLength(0);
  });
});
