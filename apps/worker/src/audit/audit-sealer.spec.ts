import { AUDIT_SEAL_LOCK_KEY, chainHash, digestOfDetails, GENESIS_HASH } from '@app/audit';
import { AppConfig, type Environment } from '@app/common';
import {
  InMemoryAuditChainRepository,
  InMemoryAuditTrail,
  InMemoryUnitOfWork,
  type NewAuditEvent,
  type UnitOfWork,
} from '@app/persistence';
import { AuditSealer, SEAL_BATCH } from './audit-sealer';

function event(action: string): NewAuditEvent {
  return {
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    actorUserId: null,
    actorOrganizationId: null,
    actorRole: null,
    action,
    targetType: null,
    targetId: null,
    outcome: 'success',
    requestId: null,
    ip: null,
    details: { action },
    detailsDigest: digestOfDetails({ action }),
  };
}

function setup() {
  const trail = new InMemoryAuditTrail();
  const chain = new InMemoryAuditChainRepository(trail);
  const sealer = new AuditSealer(
    new InMemoryUnitOfWork() as unknown as UnitOfWork,
    chain,
    new AppConfig({ AUDIT_SEAL_INTERVAL_MS: 200 } as unknown as Environment),
  );
  return { trail, chain, sealer };
}

const fieldsOf = (e: InMemoryAuditTrail['events'][number]) => ({
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
  chainFormat: 2 as const,
});

describe('AuditSealer', () => {
  it('chains unsealed events in id order from the genesis hash, each linked to the one before', async () => {
    const { trail, sealer } = setup();
    for (const a of ['a', 'b', 'c']) trail.append(event(a));

    expect(await sealer.sealBatch()).toEqual({ sealed: 3, busy: false });

    let prev = GENESIS_HASH;
    trail.events.forEach((e, i) => {
      expect(e.chainSeq).toBe(String(i + 1));
      expect(e.prevHash).toBe(prev);
      expect(e.hash).toBe(chainHash(prev, i + 1, fieldsOf(e)));
      prev = e.hash as string;
    });
  });

  it('appends later events at the head, never re-sealing a chained one', async () => {
    const { trail, sealer } = setup();
    trail.append(event('a'));
    await sealer.sealBatch();
    const first = { ...trail.events[0] };
    trail.append(event('b'));

    expect(await sealer.sealBatch()).toEqual({ sealed: 1, busy: false });
    expect(trail.events[0]).toEqual(first);
    expect(trail.events[1].chainSeq).toBe('2');
    expect(trail.events[1].prevHash).toBe(first.hash);
  });

  it('seals nothing while another appender holds the lock', async () => {
    const { trail, chain, sealer } = setup();
    trail.append(event('a'));
    chain.heldElsewhere.add(AUDIT_SEAL_LOCK_KEY);

    expect(await sealer.sealBatch()).toEqual({ sealed: 0, busy: true });
    expect(trail.events[0].chainSeq).toBeNull();
  });

  it('drains more than one batch when asked to seal everything pending', async () => {
    const { trail, sealer } = setup();
    for (let i = 0; i < SEAL_BATCH + 2; i++) trail.append(event(`e${i}`));

    expect(await sealer.sealPending()).toBe(SEAL_BATCH + 2);
    expect(trail.events.every((e) => e.chainSeq !== null)).toBe(true);
  });
});
