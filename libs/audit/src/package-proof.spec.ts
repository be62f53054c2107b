import { canonicalJson } from '@app/domain';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  chainHash,
  digestOfDetails,
  GENESIS_HASH,
  projectionDigest,
  type ChainEventFields,
} from './audit-chain';
import { loadSigningKey, signCheckpoint } from './audit-checkpoint';
import { PACKAGE_PROOF_SCHEMA, verifyPackageProof, type PackageProof } from './package-proof';

const pem = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  key.export({ format: 'pem', type: 'pkcs8' }).toString();
const coalition = loadSigningKey(pem(generateKeyPairSync('ed25519').privateKey));
const stranger = loadSigningKey(pem(generateKeyPairSync('ed25519').privateKey));

const DISPATCH_ID = '0f5e2c8a-4d1b-4a57-9c1e-2b3d4e5f6a7b';
const PACKAGE = {
  schema: 'crh.case-package/v2',
  tlp: 'AMBER',
  dispatch: { id: DISPATCH_ID, reference: 'DSP-2026-000001' },
  referrals: [{ reference: 'REF-2026-000001', narrative: 'Zoë paid 9.99 × 14.' }],
};
const digest = createHash('sha256').update(canonicalJson(PACKAGE)).digest('hex');

function event(action: string, targetId: string, details: Record<string, unknown>) {
  return {
    occurredAt: '2026-12-07T10:00:00.000001Z',
    actorUserId: null,
    actorOrganizationId: null,
    actorRole: null,
    action,
    targetType: 'dispatch',
    targetId,
    outcome: 'success',
    requestId: null,
    ip: null,
    detailsDigest: digestOfDetails(details),
    chainFormat: 2 as const,
  } satisfies ChainEventFields;
}

/** A chain of five events (the dispatch's at 2) and a checkpoint at 5, signed by `key`. */
function proofSignedBy(key = coalition): PackageProof {
  const details = { reference: 'DSP-2026-000001', packageDigest: digest };
  const events = [
    event('case.approve', 'other', { n: 1 }),
    event('dispatch.create', DISPATCH_ID, details),
    event('referral.read', 'someone-else', { n: 3 }),
    event('auth.login', 'another', { n: 4 }),
    event('case.route', 'other', { n: 5 }),
  ];
  const hashes: string[] = [];
  let prev = GENESIS_HASH;
  events.forEach((e, i) => {
    prev = chainHash(prev, i + 1, e);
    hashes.push(prev);
  });
  const signedAt = '2026-12-07T10:00:01.000Z';
  return {
    schema: PACKAGE_PROOF_SCHEMA,
    dispatch: { id: DISPATCH_ID, reference: 'DSP-2026-000001' },
    packageDigest: digest,
    event: { ...events[1], seq: 2, prevHash: hashes[0], hash: hashes[1], details },
    path: events.slice(2).map((e, i) => projectionDigest(i + 3, e)),
    checkpoint: {
      id: 'c1',
      seq: 5,
      hash: hashes[4],
      signedAt,
      algorithm: 'Ed25519',
      signature: signCheckpoint({ seq: 5, hash: hashes[4], signedAt }, key),
      publicKeyPem: key.publicKeyPem,
      publicKeyFingerprint: key.fingerprint,
    },
  };
}

describe('verifyPackageProof', () => {
  const trusted = { publicKeyPem: coalition.publicKeyPem };

  it('accepts the package and its proof under the coalition key, or its fingerprint', () => {
    expect(verifyPackageProof(PACKAGE, proofSignedBy(), trusted)).toEqual({
      valid: true,
      problems: [],
      packageDigest: digest,
      checkpoint: {
        seq: 5,
        signedAt: '2026-12-07T10:00:01.000Z',
        publicKeyFingerprint: coalition.fingerprint,
      },
    });
    expect(
      verifyPackageProof(PACKAGE, proofSignedBy(), { fingerprint: coalition.fingerprint }).valid,
    ).toBe(true);
  });

  it('accepts the package however its keys are ordered (the digest is over canonical JSON)', () => {
    const reordered = Object.fromEntries(Object.entries(PACKAGE).reverse());
    expect(Object.keys(reordered)[0]).toBe('referrals');
    expect(verifyPackageProof(reordered, proofSignedBy(), trusted).valid).toBe(true);
  });

  it('refuses a changed package, naming the digest', () => {
    const changed = { ...PACKAGE, tlp: 'CLEAR' };
    const verdict = verifyPackageProof(changed, proofSignedBy(), trusted);
    expect(verdict.valid).toBe(false);
    expect(verdict.problems).toEqual([
      expect.stringContaining('is not the one recorded at dispatch'),
    ]);
  });

  it('refuses a path with a step changed or missing', () => {
    const changed = proofSignedBy();
    changed.path[1] = '0'.repeat(64);
    expect(verifyPackageProof(PACKAGE, changed, trusted).problems).toEqual([
      "the path from the dispatch event does not reach the checkpoint's hash",
    ]);
    const short = proofSignedBy();
    short.path.pop();
    expect(verifyPackageProof(PACKAGE, short, trusted).problems).toEqual([
      expect.stringContaining("not up to the checkpoint's 5"),
      "the path from the dispatch event does not reach the checkpoint's hash",
    ]);
  });

  it('refuses an event whose details or fields were edited', () => {
    const edited = proofSignedBy();
    edited.event.details = { ...edited.event.details, reference: 'DSP-2026-999999' };
    expect(verifyPackageProof(PACKAGE, edited, trusted).problems).toEqual([
      "the dispatch event's details do not match their digest",
    ]);
    const moved = proofSignedBy();
    moved.event.occurredAt = '2026-12-07T09:00:00.000001Z';
    expect(verifyPackageProof(PACKAGE, moved, trusted).problems).toEqual([
      'the dispatch event does not hash to its stated chain hash',
    ]);
  });

  it('refuses a checkpoint signed by another key, even when the proof carries that key', () => {
    expect(verifyPackageProof(PACKAGE, proofSignedBy(stranger), trusted).problems).toEqual([
      `the checkpoint was signed by key ${stranger.fingerprint}, not the coalition's key ${coalition.fingerprint}`,
    ]);
  });

  it('refuses a signature that does not match the checkpoint it signs', () => {
    const proof = proofSignedBy();
    proof.checkpoint.signedAt = '2026-12-07T11:00:00.000Z';
    expect(verifyPackageProof(PACKAGE, proof, trusted).problems).toEqual([
      "the checkpoint's signature is not valid for the key it names",
    ]);
  });

  it('judges nothing without a trusted key, and refuses what is not a proof', () => {
    expect(verifyPackageProof(PACKAGE, proofSignedBy(), {}).problems).toEqual([
      "no trusted key was given to compare the checkpoint's signer with",
    ]);
    expect(verifyPackageProof(PACKAGE, { schema: 'other' }, trusted).problems).toEqual([
      `the proof is not a ${PACKAGE_PROOF_SCHEMA} document`,
    ]);
  });
});
