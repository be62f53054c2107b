import { InMemoryAuditChainRepository, InMemoryAuditTrail, type Tx } from '@app/persistence';
import { generateKeyPairSync } from 'node:crypto';
import { GENESIS_HASH, chainHash, digestOfDetails } from './audit-chain';
import { publicKeyFingerprint, signCheckpoint, type SigningKey } from './audit-checkpoint';
import { verifyAuditTrail, type VerifyOptions } from './audit-verification';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const KEY: SigningKey = {
  privateKey,
  publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  fingerprint: publicKeyFingerprint(publicKey),
};
const TX = undefined as unknown as Tx;

function setup() {
  const trail = new InMemoryAuditTrail();
  const chain = new InMemoryAuditChainRepository(trail);
  let n = 0;
  /** Append `count` events and chain them, as the sealer does. */
  const addSealed = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i += 1) {
      n += 1;
      trail.append({
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
        actorUserId: null,
        actorOrganizationId: null,
        actorRole: null,
        action: `test.event${n}`,
        targetType: 'case',
        targetId: String(n),
        outcome: 'success',
        requestId: null,
        ip: null,
        details: { n },
        detailsDigest: digestOfDetails({ n }),
      });
    }
    const head = await chain.head(TX);
    let prev = head?.hash ?? GENESIS_HASH;
    let seq = Number(head?.seq ?? 0);
    const links = {
      ids: [] as string[],
      seqs: [] as number[],
      prevs: [] as string[],
      hashes: [] as string[],
    };
    for (const row of await chain.unsealed(TX, 1000)) {
      seq += 1;
      const hash = chainHash(prev, seq, row);
      links.ids.push(row.id);
      links.seqs.push(seq);
      links.prevs.push(prev);
      links.hashes.push(hash);
      prev = hash;
    }
    await chain.seal(TX, links);
  };
  /** Sign the head, as the checkpointer does; answers the checkpoint's id. */
  const checkpoint = async (): Promise<string> => {
    const head = await chain.head(TX);
    if (!head) throw new Error('nothing to sign');
    const signedAt = new Date(Date.UTC(2026, 0, 2, 0, 0, chain.checkpoints.length)).toISOString();
    const id = `00000000-0000-4000-8000-${String(chain.checkpoints.length + 1).padStart(12, '0')}`;
    chain.checkpoints.push({
      id,
      seq: head.seq,
      hash: head.hash,
      signedAt,
      signature: signCheckpoint({ seq: Number(head.seq), hash: head.hash, signedAt }, KEY),
      publicKeyPem: KEY.publicKeyPem,
    });
    return id;
  };
  const verify = (options: VerifyOptions) => verifyAuditTrail({ chain, tx: TX }, options);
  const event = (seq: number) => {
    const found = trail.events.find((e) => e.chainSeq === String(seq));
    if (!found) throw new Error(`no event at ${seq}`);
    return found;
  };
  return { trail, chain, addSealed, checkpoint, verify, event };
}

/** A chain of 10 events, checkpointed at 10 and verified in full (remembered), then 5 more. */
async function verifiedAtTen() {
  const s = setup();
  await s.addSealed(10);
  const checkpointId = await s.checkpoint();
  const first = await s.verify({ mode: 'full', remember: true });
  expect(first).toMatchObject({ valid: true, checked: 10, headSeq: 10 });
  expect(s.chain.verifications).toEqual([
    expect.objectContaining({ checkpointId, seq: '10', mode: 'full', fromSeq: '0' }),
  ]);
  await s.addSealed(5);
  return { ...s, checkpointId };
}

describe('verifyAuditTrail, full and incremental', () => {
  it('recomputes only the events after the last verified checkpoint', async () => {
    const { verify, checkpointId, chain } = await verifiedAtTen();
    const report = await verify({ mode: 'incremental', remember: true });
    expect(report).toMatchObject({
      valid: true,
      mode: 'incremental',
      checked: 5,
      headSeq: 15,
      start: { kind: 'checkpoint', seq: 10, checkpointId },
      checkpoints: { checked: 1, valid: true },
    });
    // No newer checkpoint was reached: nothing new remembered.
    expect(chain.verifications).toHaveLength(1);
  });

  it('moves the remembered checkpoint forward when a run reaches a newer one', async () => {
    const { verify, checkpoint, chain } = await verifiedAtTen();
    const newer = await checkpoint();
    expect(await verify({ mode: 'incremental', remember: true })).toMatchObject({ valid: true });
    expect(chain.verifications[1]).toMatchObject({
      checkpointId: newer,
      seq: '15',
      mode: 'incremental',
      fromSeq: '10',
    });
    const next = await verify({ mode: 'incremental' });
    expect(next).toMatchObject({ valid: true, checked: 0, headSeq: 15, start: { seq: 15 } });
  });

  it('starts at the genesis when nothing was verified yet, and never remembers unless told', async () => {
    const { addSealed, checkpoint, verify, chain } = setup();
    await addSealed(4);
    await checkpoint();
    const report = await verify({ mode: 'incremental' });
    expect(report).toMatchObject({
      valid: true,
      checked: 4,
      start: { kind: 'genesis', seq: 0, hash: GENESIS_HASH },
    });
    expect(chain.verifications).toHaveLength(0);
  });

  it('finds an edit before the checkpoint only in full, and one after it in both', async () => {
    const before = await verifiedAtTen();
    before.event(3).targetId = 'edited';
    expect(await before.verify({ mode: 'incremental' })).toMatchObject({ valid: true });
    expect(await before.verify({ mode: 'full' })).toMatchObject({
      valid: false,
      firstBrokenSeq: 3,
    });

    const after = await verifiedAtTen();
    after.event(12).targetId = 'edited';
    expect(await after.verify({ mode: 'incremental' })).toMatchObject({
      valid: false,
      firstBrokenSeq: 12,
    });
    expect(await after.verify({ mode: 'full' })).toMatchObject({
      valid: false,
      firstBrokenSeq: 12,
    });
  });

  it('refuses to start from a checkpoint whose position no longer stores the hash verified there', async () => {
    const { verify, event, chain } = await verifiedAtTen();
    // A history rewritten consistently from 3 on: every stored hash recomputed.
    event(3).targetId = 'edited';
    let prev = event(2).hash as string;
    for (let seq = 3; seq <= 15; seq += 1) {
      const e = event(seq);
      const [row] = await chain.chainFieldsBetween(TX, String(seq - 1), String(seq));
      e.prevHash = prev;
      e.hash = chainHash(prev, seq, row);
      prev = e.hash;
    }
    const report = await verify({ mode: 'incremental', remember: true });
    expect(report.valid).toBe(false);
    expect(report.start).toMatchObject({
      kind: 'genesis',
      rejected: 'the stored hash at 10 differs from the one verified there',
    });
    // It fell back to the whole chain, where the signed checkpoint no longer holds.
    expect(report.checked).toBe(15);
    expect(report.checkpoints).toMatchObject({ valid: false });
    expect(chain.verifications).toHaveLength(1);
  });

  it('detects a remembered verification that was tampered with', async () => {
    const moved = await verifiedAtTen();
    // Pointing the remembered state at a later position, with its stored hash, to skip events.
    const later = moved.event(14);
    moved.chain.verifications[0] = {
      ...moved.chain.verifications[0],
      seq: '14',
      hash: later.hash as string,
    };
    const report = await moved.verify({ mode: 'incremental' });
    expect(report).toMatchObject({ valid: false, start: { kind: 'genesis' } });
    expect(report.start.rejected).toMatch(/not among the signed checkpoints/);
    expect(report.reason).toBe(report.start.rejected);

    const rehashed = await verifiedAtTen();
    rehashed.chain.verifications[0] = {
      ...rehashed.chain.verifications[0],
      hash: 'a'.repeat(64),
    };
    const second = await rehashed.verify({ mode: 'incremental' });
    expect(second.valid).toBe(false);
    expect(second.start.rejected).toMatch(
      /last verified checkpoint \(at 10\) does not hold: the history up to position 10 differs/,
    );
  });

  it('detects a checkpoint row altered after it was verified', async () => {
    const { verify, chain } = await verifiedAtTen();
    chain.checkpoints[0].signature = Buffer.alloc(64).toString('base64');
    const report = await verify({ mode: 'incremental' });
    expect(report.valid).toBe(false);
    expect(report.start.rejected).toMatch(/does not hold: the signature does not hold/);
    expect(report.checkpoints).toMatchObject({
      valid: false,
      firstInvalidId: chain.checkpoints[0].id,
    });
  });

  it('refuses a remembered checkpoint signed by a key the caller does not trust', async () => {
    const { verify } = await verifiedAtTen();
    const report = await verify({ mode: 'incremental', trustedFingerprints: ['0'.repeat(64)] });
    expect(report.valid).toBe(false);
    expect(report.start.rejected).toMatch(/not trusted/);
  });
});

describe('verifyAuditTrail from a trusted anchor', () => {
  it('starts from the anchor in place of the genesis, with the events before it gone', async () => {
    const { addSealed, checkpoint, verify, trail, event } = setup();
    await addSealed(6);
    await checkpoint();
    const anchor = { seq: 4, hash: event(4).hash as string };
    // Events 1..4 archived and removed.
    trail.events.splice(
      0,
      trail.events.length,
      ...trail.events.filter((e) => Number(e.chainSeq) > 4),
    );
    expect(await verify({ mode: 'full' })).toMatchObject({
      valid: false,
      firstBrokenSeq: 1,
    });
    const report = await verify({ mode: 'full', from: anchor });
    expect(report).toMatchObject({
      valid: true,
      checked: 2,
      headSeq: 6,
      start: { kind: 'anchor', seq: 4, hash: anchor.hash },
      checkpoints: { checked: 1, valid: true },
    });
  });

  it('finds an anchor that does not link to the events after it', async () => {
    const { addSealed, verify } = setup();
    await addSealed(6);
    const report = await verify({ mode: 'full', from: { seq: 4, hash: 'b'.repeat(64) } });
    expect(report).toMatchObject({ valid: false, firstBrokenSeq: 5 });
  });

  it('checks a checkpoint at the anchor against the anchor, and ignores those before it', async () => {
    const { addSealed, checkpoint, verify, event } = setup();
    await addSealed(2);
    await checkpoint();
    await addSealed(2);
    await checkpoint();
    await addSealed(2);
    const good = await verify({ mode: 'full', from: { seq: 4, hash: event(4).hash as string } });
    expect(good).toMatchObject({ valid: true, checked: 2, checkpoints: { checked: 1 } });
    const wrong = await verify({ mode: 'full', from: { seq: 4, hash: 'c'.repeat(64) } });
    expect(wrong.checkpoints).toMatchObject({ valid: false });
  });

  it('prefers a remembered checkpoint past the anchor, and the anchor past an older one', async () => {
    const { verify, event, checkpointId } = await verifiedAtTen();
    const early = await verify({
      mode: 'incremental',
      from: { seq: 4, hash: event(4).hash as string },
    });
    expect(early).toMatchObject({ valid: true, start: { kind: 'checkpoint', checkpointId } });
    const late = await verify({
      mode: 'incremental',
      from: { seq: 12, hash: event(12).hash as string },
    });
    expect(late).toMatchObject({ valid: true, checked: 3, start: { kind: 'anchor', seq: 12 } });
  });
});
