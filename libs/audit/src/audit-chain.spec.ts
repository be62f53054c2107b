import {
  ChainVerifier,
  GENESIS_HASH,
  chainHash,
  digestOfDetails,
  type SealedChainEvent,
} from './audit-chain';
import {
  checkpointMessage,
  checkpointSignatureValid,
  loadSigningKey,
  signCheckpoint,
} from './audit-checkpoint';
import { generateKeyPairSync } from 'node:crypto';

function chain(n: number): SealedChainEvent[] {
  const events: SealedChainEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const fields = {
      occurredAt: `2025-01-01T00:00:0${seq}.000000Z`,
      actorUserId: null,
      actorOrganizationId: null,
      actorRole: null,
      action: `test.event${seq}`,
      targetType: 'case',
      targetId: String(seq),
      outcome: 'success',
      requestId: null,
      ip: null,
      detailsDigest: digestOfDetails({ n: seq }),
    };
    const hash = chainHash(prev, seq, fields);
    events.push({ ...fields, seq, prevHash: prev, hash, details: { n: seq } });
    prev = hash;
  }
  return events;
}

function verify(events: SealedChainEvent[]) {
  const v = new ChainVerifier();
  for (const e of events) v.feed(e);
  return v.report();
}

describe('audit hash chain', () => {
  it('should accept an intact chain and an empty one', () => {
    const events = chain(5);
    expect(verify(events)).toEqual({
      valid: true,
      checked: 5,
      headSeq: 5,
      headHash: events[4].hash,
    });
    expect(verify([])).toEqual({ valid: true, checked: 0, headSeq: 0, headHash: GENESIS_HASH });
  });

  it('should name the first broken position for an edit, a deletion and a swap', () => {
    const edited = chain(5);
    edited[2] = { ...edited[2], action: 'forged' };
    expect(verify(edited)).toMatchObject({ valid: false, firstBrokenSeq: 3 });

    const deleted = chain(5).filter((e) => e.seq !== 2);
    expect(verify(deleted)).toMatchObject({ valid: false, firstBrokenSeq: 2 });

    const swapped = chain(5);
    const a = swapped[1];
    swapped[1] = { ...swapped[2], seq: 2 };
    swapped[2] = { ...a, seq: 3 };
    expect(verify(swapped)).toMatchObject({ valid: false, firstBrokenSeq: 2 });
  });

  it('should name the position whose details were edited, though its digest and hash were left alone', () => {
    const edited = chain(5);
    edited[3] = { ...edited[3], details: { n: 4, note: 'added later' } };
    expect(verify(edited)).toMatchObject({
      valid: false,
      firstBrokenSeq: 4,
      reason: 'the details at 4 do not match their digest',
    });
  });

  it('should sign and check a checkpoint over canonical JSON of {hash, seq, signedAt}', () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    const key = loadSigningKey(pem);
    const head = { seq: 5, hash: 'a'.repeat(64), signedAt: '2025-01-01T00:00:00.000Z' };
    expect(checkpointMessage(head)).toBe(
      `{"hash":"${head.hash}","seq":5,"signedAt":"2025-01-01T00:00:00.000Z"}`,
    );
    const signature = signCheckpoint(head, key);
    expect(checkpointSignatureValid(head, signature, key.publicKeyPem)).toBe(true);
    expect(
      checkpointSignatureValid({ ...head, hash: 'b'.repeat(64) }, signature, key.publicKeyPem),
    ).toBe(false);
    expect(() => loadSigningKey('not a key at all, certainly not forty characters')).toThrow(
      /AUDIT_SIGNING_KEY/,
    );
  });
});
