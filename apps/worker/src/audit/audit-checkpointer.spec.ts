import {
  AUDIT_CHECKPOINT_LOCK_KEY,
  checkpointSignatureValid,
  digestOfDetails,
  publicKeyFingerprint,
} from '@app/audit';
import { AppConfig, type Environment } from '@app/common';
import {
  InMemoryAuditChainRepository,
  InMemoryAuditCheckpointsRepository,
  InMemoryAuditTrail,
  InMemoryUnitOfWork,
  type UnitOfWork,
} from '@app/persistence';
import { generateKeyPairSync } from 'node:crypto';
import { AuditCheckpointer } from './audit-checkpointer';
import { AuditSealer } from './audit-sealer';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const PRIVATE_PEM = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const PUBLIC_PEM = publicKey.export({ format: 'pem', type: 'spki' }).toString();

function setup() {
  const trail = new InMemoryAuditTrail();
  const chain = new InMemoryAuditChainRepository(trail);
  const checkpoints = new InMemoryAuditCheckpointsRepository();
  const uow = new InMemoryUnitOfWork() as unknown as UnitOfWork;
  const config = new AppConfig({
    AUDIT_SEAL_INTERVAL_MS: 200,
    AUDIT_SIGNING_KEY: PRIVATE_PEM,
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: 3600,
  } as unknown as Environment);
  const sealer = new AuditSealer(uow, chain, config);
  const checkpointer = new AuditCheckpointer(uow, chain, checkpoints, sealer, config);
  const append = (action: string) =>
    trail.append({
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
      details: {},
      detailsDigest: digestOfDetails({}),
    });
  return { trail, chain, checkpoints, checkpointer, sealer, append };
}

describe('AuditCheckpointer', () => {
  it('signs the head it seals, with a signature the public key verifies', async () => {
    const { trail, checkpoints, checkpointer, append } = setup();
    append('a');
    append('b');

    const outcome = await checkpointer.checkpoint(true);

    expect(outcome).toMatchObject({ kind: 'signed', seq: 2, fulfilled: 0 });
    const [signed] = checkpoints.checkpoints;
    expect(signed.seq).toBe(2);
    expect(signed.hash).toBe(trail.events[1].hash);
    expect(signed.publicKeyPem).toBe(PUBLIC_PEM);
    expect(signed.publicKeyFingerprint).toBe(publicKeyFingerprint(PUBLIC_PEM));
    const head = { seq: 2, hash: signed.hash, signedAt: signed.signedAt.toISOString() };
    expect(checkpointSignatureValid(head, signed.signature, PUBLIC_PEM)).toBe(true);
    expect(checkpointSignatureValid({ ...head, seq: 1 }, signed.signature, PUBLIC_PEM)).toBe(false);
  });

  it('drains the sealer before serving a request, and fulfils the request with the checkpoint', async () => {
    const { trail, checkpoints, checkpointer, append } = setup();
    append('a');
    const { id: requestId } = await checkpoints.request(undefined as never, 'auditor');

    const outcome = await checkpointer.checkpoint();

    expect(trail.events[0].chainSeq).toBe('1');
    expect(outcome).toMatchObject({ kind: 'signed', seq: 1, fulfilled: 1 });
    expect(checkpoints.requests).toEqual([
      { id: requestId, requestedBy: 'auditor', fulfilledBy: checkpoints.checkpoints[0].id },
    ]);
  });

  it('answers a request with the existing checkpoint when the head has not moved', async () => {
    const { checkpoints, checkpointer, append } = setup();
    append('a');
    await checkpointer.checkpoint(true);
    await checkpoints.request(undefined as never, 'auditor');

    const outcome = await checkpointer.checkpoint();

    expect(outcome).toMatchObject({
      kind: 'reused',
      id: checkpoints.checkpoints[0].id,
      fulfilled: 1,
    });
    expect(checkpoints.checkpoints).toHaveLength(1);
  });

  it('signs nothing when no request waits and the interval has not passed', async () => {
    const { checkpoints, checkpointer, sealer, append } = setup();
    append('a');
    await checkpointer.checkpoint(true);
    append('b');
    await sealer.sealPending();
    checkpoints.checkpoints[0].due = false;

    expect(await checkpointer.checkpoint()).toEqual({ kind: 'idle' });
    expect(checkpoints.checkpoints).toHaveLength(1);
  });

  it('signs a moved head once the interval has passed, and only a moved one', async () => {
    const { checkpoints, checkpointer, sealer, append } = setup();
    append('a');
    await checkpointer.checkpoint(true);
    checkpoints.checkpoints[0].due = true;
    expect(await checkpointer.checkpoint()).toEqual({ kind: 'idle' });

    append('b');
    await sealer.sealPending();
    expect(await checkpointer.checkpoint()).toMatchObject({ kind: 'signed', seq: 2, fulfilled: 0 });
    expect(checkpoints.checkpoints.map((c) => c.seq)).toEqual([1, 2]);
  });

  it('leaves the checkpoint to the replica holding the lock', async () => {
    const { chain, checkpoints, checkpointer, append } = setup();
    append('a');
    chain.heldElsewhere.add(AUDIT_CHECKPOINT_LOCK_KEY);

    expect(await checkpointer.checkpoint(true)).toEqual({ kind: 'busy' });
    expect(checkpoints.checkpoints).toHaveLength(0);
  });
});
