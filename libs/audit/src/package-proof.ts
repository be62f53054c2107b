import { packageDigest } from '@app/domain';
import { chainHash, digestOfDetails, linkDigest, type ChainEventFields } from './audit-chain';
import { checkpointSignatureValid, publicKeyFingerprint } from './audit-checkpoint';

export const PACKAGE_PROOF_SCHEMA = 'crh.package-proof/v1';

/** The dispatch's audit event as chained: every field its hash covers, and its details. */
export interface ProofEvent extends Omit<ChainEventFields, 'chainFormat'> {
  seq: number;
  prevHash: string;
  hash: string;
  chainFormat: 2;
  details: Record<string, unknown>;
}

/** A signed checkpoint as a proof carries it (docs/audit.md, "Signed checkpoints"). */
export interface ProofCheckpoint {
  id: string;
  seq: number;
  hash: string;
  signedAt: string;
  algorithm: string;
  signature: string;
  publicKeyPem: string;
  publicKeyFingerprint: string;
}

/**
 * What lets an agency prove, with nothing but the coalition's public key, that
 * the package it holds is the one recorded at dispatch and covered by a signed
 * checkpoint (docs/webhooks.md, "Verifying a package"): the dispatch event in
 * full, then only the projection digests of the events between it and the
 * checkpoint, so nothing about unrelated records is shown.
 */
export interface PackageProof {
  schema: typeof PACKAGE_PROOF_SCHEMA;
  dispatch: { id: string; reference: string };
  packageDigest: string;
  event: ProofEvent;
  /** Projection digests of positions event.seq + 1 … checkpoint.seq, in order. */
  path: string[];
  checkpoint: ProofCheckpoint;
}

/** The key an agency trusts: the coalition's public key it saved, or that key's fingerprint. */
export interface TrustedKey {
  publicKeyPem?: string;
  fingerprint?: string;
}

export interface ProofVerdict {
  valid: boolean;
  /** Each check that failed, in plain words; empty when valid. */
  problems: string[];
  packageDigest: string | null;
  checkpoint: { seq: number; signedAt: string; publicKeyFingerprint: string } | null;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The verification algorithm, step by step as docs/webhooks.md states it. Every
 * failing step is named; a later step is still run where it can be, so one
 * answer lists everything that does not match.
 */
export function verifyPackageProof(
  pkg: unknown,
  proofDocument: unknown,
  trusted: TrustedKey,
): ProofVerdict {
  const problems: string[] = [];
  const proof = proofDocument as PackageProof;
  if (!isProof(proofDocument)) {
    return {
      valid: false,
      problems: [`the proof is not a ${PACKAGE_PROOF_SCHEMA} document`],
      packageDigest: null,
      checkpoint: null,
    };
  }
  // 1. The package is the one the proof is about.
  let digest: string | null = null;
  try {
    digest = packageDigest(pkg as Record<string, unknown>);
  } catch {
    problems.push('the package is not JSON that canonical JSON can hold');
  }
  if (digest !== null && digest !== proof.packageDigest) {
    problems.push(
      `the package's digest ${digest} is not the one recorded at dispatch (${proof.packageDigest})`,
    );
  }
  const dispatchId = (pkg as { dispatch?: { id?: unknown } } | null)?.dispatch?.id;
  if (dispatchId !== proof.dispatch.id) {
    problems.push('the package is not the dispatch the proof is about');
  }
  // 2. The dispatch event records that digest, and its details are what its hash covers.
  const event = proof.event;
  if (
    event.action !== 'dispatch.create' ||
    event.targetType !== 'dispatch' ||
    event.targetId !== proof.dispatch.id
  ) {
    problems.push("the proof's event is not the creation of this dispatch");
  }
  if (event.details.packageDigest !== proof.packageDigest) {
    problems.push('the dispatch event does not record this package digest');
  }
  if (safeDigestOfDetails(event.details) !== event.detailsDigest) {
    problems.push("the dispatch event's details do not match their digest");
  }
  // 3. The event hashes to its stated place in the chain.
  if (chainHash(event.prevHash, event.seq, event) !== event.hash) {
    problems.push('the dispatch event does not hash to its stated chain hash');
  }
  // 4. The path leads from it to the checkpoint.
  const checkpoint = proof.checkpoint;
  if (event.seq + proof.path.length !== checkpoint.seq) {
    problems.push(
      `the path covers positions ${event.seq + 1}–${event.seq + proof.path.length}, not up to the checkpoint's ${checkpoint.seq}`,
    );
  }
  const reached = proof.path.reduce((hash, step) => linkDigest(hash, step), event.hash);
  if (reached !== checkpoint.hash) {
    problems.push("the path from the dispatch event does not reach the checkpoint's hash");
  }
  // 5. The checkpoint is signed, by the key the agency trusts.
  if (
    !checkpointSignatureValid(
      { seq: checkpoint.seq, hash: checkpoint.hash, signedAt: checkpoint.signedAt },
      checkpoint.signature,
      checkpoint.publicKeyPem,
    )
  ) {
    problems.push("the checkpoint's signature is not valid for the key it names");
  }
  const signer = safeFingerprint(checkpoint.publicKeyPem);
  const expected = trusted.publicKeyPem
    ? safeFingerprint(trusted.publicKeyPem)
    : trusted.fingerprint?.toLowerCase();
  if (!expected) {
    problems.push("no trusted key was given to compare the checkpoint's signer with");
  } else if (signer !== expected) {
    problems.push(
      `the checkpoint was signed by key ${signer ?? '(unreadable)'}, not the coalition's key ${expected}`,
    );
  }
  return {
    valid: problems.length === 0,
    problems,
    packageDigest: digest,
    checkpoint: {
      seq: checkpoint.seq,
      signedAt: checkpoint.signedAt,
      publicKeyFingerprint: signer ?? '',
    },
  };
}

function safeDigestOfDetails(details: unknown): string | null {
  try {
    return digestOfDetails(details);
  } catch {
    return null;
  }
}

function safeFingerprint(pem: string): string | null {
  try {
    return publicKeyFingerprint(pem);
  } catch {
    return null;
  }
}

function isProof(value: unknown): value is PackageProof {
  const p = value as Partial<PackageProof> | null;
  if (!p || typeof p !== 'object' || p.schema !== PACKAGE_PROOF_SCHEMA) return false;
  const e = p.event;
  const c = p.checkpoint;
  return (
    typeof p.dispatch?.id === 'string' &&
    typeof p.packageDigest === 'string' &&
    HEX64.test(p.packageDigest) &&
    !!e &&
    Number.isSafeInteger(e.seq) &&
    typeof e.prevHash === 'string' &&
    typeof e.hash === 'string' &&
    e.chainFormat === 2 &&
    typeof e.details === 'object' &&
    e.details !== null &&
    Array.isArray(p.path) &&
    p.path.every((step) => typeof step === 'string' && HEX64.test(step)) &&
    !!c &&
    Number.isSafeInteger(c.seq) &&
    typeof c.hash === 'string' &&
    typeof c.signedAt === 'string' &&
    typeof c.signature === 'string' &&
    typeof c.publicKeyPem === 'string'
  );
}
