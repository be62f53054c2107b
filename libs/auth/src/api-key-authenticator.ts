import { AuditWriter } from '@app/audit';
import { Unauthenticated, type RequestMeta } from '@app/common';
import type { OrganizationKind, Role } from '@app/domain';
import { inTransaction } from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  API_KEY_SCOPES,
  apiKeySecretMatches,
  parseApiKey,
  type ApiKeyAuthUser,
  type ApiKeyScope,
} from './api-key-format';

/** Why a presented key was refused; recorded in `auth.api_key_refused`. */
export type ApiKeyRefusal = 'unknown' | 'revoked' | 'expired' | 'inactive';

interface KeyRow {
  id: string;
  organization_id: string;
  secret_hash: string;
  scopes: string[];
  created_by: string;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  email: string;
  role: Role;
  kind: OrganizationKind;
  usable: boolean;
}

/** last_used_at is written at most once a minute per key, never on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Authenticates `crh_…` API keys. The request then acts as the key's
 * organization, with the key's creator as the acting user (referrals need a
 * real user as their filer) and the creator's role as it is now, read on every
 * request, further restricted by the PermissionGuard to what the key's scopes
 * grant. A creator demoted to member_reporter leaves keys that reach only the
 * referrals that user filed; nothing the creator lost survives in the key.
 *
 * A key stops working when it is revoked, when it expires, or when its
 * organization or its creator is suspended or moved to another organization
 * (reason `inactive`): the creator's authority is what the key carries.
 */
@Injectable()
export class ApiKeyAuthenticator {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  async authenticate(credential: string, meta: RequestMeta): Promise<ApiKeyAuthUser> {
    const parsed = parseApiKey(credential);
    const rows: KeyRow[] = parsed
      ? await this.dataSource.query(
          `SELECT k.id, k.organization_id, k.secret_hash, k.scopes, k.created_by, k.expires_at,
                  k.revoked_at, k.last_used_at, u.email, u.role, o.kind,
                  (u.status = 'active' AND o.status = 'active' AND u.organization_id = k.organization_id) AS usable
             FROM api_keys k
             JOIN users u ON u.id = k.created_by
             JOIN organizations o ON o.id = k.organization_id
            WHERE k.prefix = $1`,
          [parsed.prefix],
        )
      : [];
    const row = rows[0];
    if (!parsed || !row || !apiKeySecretMatches(parsed.secret, row.secret_hash)) {
      return this.refuse('unknown', null, parsed?.prefix ?? null, meta);
    }
    const now = Date.now();
    if (row.revoked_at) return this.refuse('revoked', row, parsed.prefix, meta);
    if (row.expires_at && row.expires_at.getTime() <= now) {
      return this.refuse('expired', row, parsed.prefix, meta);
    }
    if (!row.usable || row.kind !== 'member') {
      return this.refuse('inactive', row, parsed.prefix, meta);
    }
    if (!row.last_used_at || now - row.last_used_at.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.touch(row.id);
    }
    const scopes = row.scopes.filter((s): s is ApiKeyScope =>
      (API_KEY_SCOPES as readonly string[]).includes(s),
    );
    return {
      id: row.created_by,
      organizationId: row.organization_id,
      organizationKind: row.kind,
      role: row.role,
      email: row.email,
      // No session: the key itself is the credential (no route a key may reach uses this).
      sessionId: row.id,
      apiKey: { id: row.id, scopes },
    };
  }

  /** Conditional, so concurrent requests (or several API processes) write once per minute. */
  private async touch(keyId: string): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [keyId],
      );
    } catch (error) {
      // A missed "last used" stamp must not refuse a valid request.
      this.logger.warn({ keyId, err: (error as Error).message }, 'Could not record last use');
    }
  }

  private async refuse(
    reason: ApiKeyRefusal,
    row: KeyRow | null,
    prefix: string | null,
    meta: RequestMeta,
  ): Promise<never> {
    await inTransaction(this.dataSource, (m) =>
      this.audit.record(m, {
        // Whoever presented it is not known to be the key's creator: no user, only the organization.
        actor: row ? { userId: null, organizationId: row.organization_id, role: null } : null,
        origin: meta,
        action: 'auth.api_key_refused',
        outcome: 'failure',
        targetType: row ? 'api_key' : undefined,
        targetId: row?.id,
        // The public prefix only, never the secret part.
        details: { reason, prefix },
      }),
    );
    throw new Unauthenticated(
      reason === 'unknown'
        ? 'The API key is not valid.'
        : `The API key is ${reason === 'inactive' ? 'not usable' : reason}.`,
      'invalid_api_key',
    );
  }
}
