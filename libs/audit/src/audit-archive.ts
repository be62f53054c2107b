import { canonicalJson } from '@app/domain';
import { createHash, createPublicKey, sign, verify, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ChainVerifier, type ChainFormat } from './audit-chain';
import { CHECKPOINT_ALGORITHM, publicKeyFingerprint, type SigningKey } from './audit-checkpoint';

/** The first line's `format`: what a reader of the file expects. */
export const ARCHIVE_FORMAT = 'crh-audit-archive/1';

/**
 * What an archive signs (canonical JSON, keys sorted): which run of the chain
 * it holds, how it links to the chain before it, and the SHA-256 of its event
 * lines. docs/retention.md describes the file.
 */
export interface ArchiveManifest {
  month: string;
  firstSeq: number;
  lastSeq: number;
  firstPrevHash: string;
  lastHash: string;
  eventCount: number;
  /** SHA-256 (hex) of every byte after the first line: the JSON Lines of the events. */
  sha256: string;
  /** ISO 8601 UTC. */
  archivedAt: string;
  publicKeyFingerprint: string;
}

/** The archive's first line. */
export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  manifest: ArchiveManifest;
  signature: { algorithm: typeof CHECKPOINT_ALGORITHM; publicKeyPem: string; value: string };
}

/** One event line: the stored row as JSON, followed by a line feed. */
export function archiveEventLine(row: object): string {
  return `${JSON.stringify(row)}\n`;
}

/** The header line for a manifest, signed with the audit signing key. */
export function archiveHeaderLine(manifest: ArchiveManifest, key: SigningKey): string {
  const value = sign(null, Buffer.from(canonicalJson(manifest), 'utf8'), key.privateKey).toString(
    'base64',
  );
  const header: ArchiveHeader = {
    format: ARCHIVE_FORMAT,
    manifest,
    signature: { algorithm: CHECKPOINT_ALGORITHM, publicKeyPem: key.publicKeyPem, value },
  };
  return `${JSON.stringify(header)}\n`;
}

export interface ArchiveVerification {
  valid: boolean;
  /** Why not, at the first problem found. */
  reason?: string;
  manifest?: ArchiveManifest;
  /** Event lines read. */
  checked: number;
}

interface StoredLine {
  chain_seq: number;
  prev_hash: string | null;
  hash: string | null;
  occurred_at: string;
  actor_user_id: string | null;
  actor_organization_id: string | null;
  actor_role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  request_id: string | null;
  ip: string | null;
  details: unknown;
  details_digest: string;
  chain_format?: number;
}

/**
 * Checks an archive as its lines arrive: the header's signature over the
 * manifest, the SHA-256 of the event lines, their count, and the hash chain
 * recomputed from the manifest's `firstPrevHash` (ChainVerifier), ending at
 * `lastHash`. Feed the raw bytes after the first line to `body` too.
 */
export class ArchiveVerifier {
  private manifest?: ArchiveManifest;
  private chain?: ChainVerifier;
  private readonly hash: Hash = createHash('sha256');
  private checked = 0;
  private problem?: string;

  constructor(private readonly trustedFingerprints?: string[]) {}

  header(line: string): void {
    let header: ArchiveHeader;
    try {
      header = JSON.parse(line) as ArchiveHeader;
    } catch {
      return this.fail('the first line is not an archive header');
    }
    if (header?.format !== ARCHIVE_FORMAT || typeof header.manifest !== 'object') {
      return this.fail(`the first line is not a ${ARCHIVE_FORMAT} header`);
    }
    this.manifest = header.manifest;
    const pem = header.signature?.publicKeyPem ?? '';
    let fingerprint = '';
    try {
      fingerprint = publicKeyFingerprint(pem);
    } catch {
      return this.fail('the header carries no readable public key');
    }
    if (fingerprint !== header.manifest.publicKeyFingerprint) {
      return this.fail('the public key is not the one the manifest names');
    }
    if (this.trustedFingerprints && !this.trustedFingerprints.includes(fingerprint)) {
      return this.fail('signed by a key that is not trusted');
    }
    let signed = false;
    try {
      signed = verify(
        null,
        Buffer.from(canonicalJson(header.manifest), 'utf8'),
        createPublicKey(pem),
        Buffer.from(header.signature.value, 'base64'),
      );
    } catch {
      signed = false;
    }
    if (!signed) return this.fail('the signature over the manifest does not hold');
    this.chain = new ChainVerifier({
      seq: header.manifest.firstSeq - 1,
      hash: header.manifest.firstPrevHash,
    });
  }

  /** Raw bytes of the event lines, in order, line feeds included. */
  body(bytes: Buffer): void {
    this.hash.update(bytes);
  }

  /** One event line (without its line feed). */
  event(line: string): void {
    if (this.problem || !this.chain) return;
    this.checked += 1;
    let row: StoredLine;
    try {
      row = JSON.parse(line) as StoredLine;
    } catch {
      return this.fail(`event line ${this.checked} is not JSON`);
    }
    this.chain.feed({
      seq: row.chain_seq,
      prevHash: row.prev_hash,
      hash: row.hash,
      details: row.details,
      occurredAt: row.occurred_at,
      actorUserId: row.actor_user_id,
      actorOrganizationId: row.actor_organization_id,
      actorRole: row.actor_role,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      outcome: row.outcome,
      requestId: row.request_id,
      ip: row.ip,
      detailsDigest: row.details_digest,
      chainFormat: (row.chain_format ?? 1) as ChainFormat,
    });
  }

  result(): ArchiveVerification {
    const m = this.manifest;
    const verdict = (reason?: string): ArchiveVerification => ({
      valid: reason === undefined,
      ...(reason ? { reason } : {}),
      ...(m ? { manifest: m } : {}),
      checked: this.checked,
    });
    if (this.problem) return verdict(this.problem);
    if (!m || !this.chain) return verdict('the archive has no header');
    if (this.hash.digest('hex') !== m.sha256) {
      return verdict('the event lines do not match the SHA-256 in the manifest');
    }
    if (this.checked !== m.eventCount) {
      return verdict(`the manifest counts ${m.eventCount} events, the file holds ${this.checked}`);
    }
    const chain = this.chain.report();
    if (!chain.valid) return verdict(chain.reason);
    if (chain.headSeq !== m.lastSeq || chain.headHash !== m.lastHash) {
      return verdict(`the chain does not end at position ${m.lastSeq} with the manifest's hash`);
    }
    return verdict();
  }

  private fail(reason: string): void {
    this.problem ??= reason;
  }
}

/**
 * Verify an archive file, reading it a chunk at a time (a month of events
 * never sits in memory at once).
 */
export async function verifyArchiveFile(
  path: string,
  options: { trustedFingerprints?: string[] } = {},
): Promise<ArchiveVerification> {
  const verifier = new ArchiveVerifier(options.trustedFingerprints);
  let pending = Buffer.alloc(0);
  let sawHeader = false;
  for await (const chunk of createReadStream(path)) {
    let data = Buffer.concat([pending, chunk as Buffer]);
    let start = 0;
    for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
      const line = data.subarray(start, nl);
      if (!sawHeader) {
        verifier.header(line.toString('utf8'));
        sawHeader = true;
      } else {
        verifier.body(data.subarray(start, nl + 1));
        verifier.event(line.toString('utf8'));
      }
      start = nl + 1;
    }
    data = data.subarray(start);
    pending = data;
  }
  if (pending.length > 0) {
    // A last line without its line feed is still hashed and read, so a cut file fails honestly.
    if (!sawHeader) verifier.header(pending.toString('utf8'));
    else {
      verifier.body(pending);
      verifier.event(pending.toString('utf8'));
    }
  }
  return verifier.result();
}

/** Held while an audit month is archived and removed, so replicas never archive the same month twice. */
export const RETENTION_ARCHIVE_LOCK_KEY = 7_311_052_422;
