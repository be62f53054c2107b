import { canonicalJson } from '@app/domain';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

export const CHECKPOINT_ALGORITHM = 'Ed25519';

/** What a checkpoint signs: the chain head at a moment. */
export interface CheckpointHead {
  seq: number;
  hash: string;
  /** ISO 8601 UTC with milliseconds, e.g. `2025-12-01T10:00:00.000Z`. */
  signedAt: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  /** SubjectPublicKeyInfo PEM, stored with every checkpoint and handed to anyone. */
  publicKeyPem: string;
  /** SHA-256 (hex) of the public key's DER SubjectPublicKeyInfo. */
  fingerprint: string;
}

/**
 * Reads AUDIT_SIGNING_KEY: an Ed25519 private key as PKCS#8 PEM or as its DER
 * in base64. Anything else is refused with a message naming the setting
 * (never echoing the key).
 */
export function loadSigningKey(text: string | undefined): SigningKey {
  if (!text || text.trim() === '') {
    throw new Error('AUDIT_SIGNING_KEY is required (an Ed25519 private key, PKCS#8 PEM)');
  }
  let privateKey: KeyObject;
  try {
    const trimmed = text.trim();
    privateKey = trimmed.includes('-----BEGIN')
      ? createPrivateKey({ key: trimmed.replace(/\\n/g, '\n'), format: 'pem' })
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error('AUDIT_SIGNING_KEY is not a readable private key (PKCS#8 PEM or base64 DER)');
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 key');
  }
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    fingerprint: publicKeyFingerprint(publicKey),
  };
}

export function publicKeyFingerprint(key: KeyObject | string): string {
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex');
}

/** The exact bytes signed: canonical JSON of `{hash, seq, signedAt}` (keys sorted). */
export function checkpointMessage(head: CheckpointHead): string {
  return canonicalJson({ seq: head.seq, hash: head.hash, signedAt: head.signedAt });
}

/** Ed25519 signature of the checkpoint message, base64. */
export function signCheckpoint(head: CheckpointHead, key: SigningKey): string {
  return sign(null, Buffer.from(checkpointMessage(head), 'utf8'), key.privateKey).toString(
    'base64',
  );
}

/** True when `signature` is the given public key's signature of the head. */
export function checkpointSignatureValid(
  head: CheckpointHead,
  signature: string,
  publicKeyPem: string,
): boolean {
  try {
    return verify(
      null,
      Buffer.from(checkpointMessage(head), 'utf8'),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}
