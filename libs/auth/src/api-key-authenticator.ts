import { AuditWriter } from '@app/audit';
import { Unauthenticated, type RequestMeta } from '@app/common';
import { ApiKeysRepository, UnitOfWork, type ApiKeyCredential } from '@app/persistence';
import { Injectable, Logger } from '@nestjs/common';
import {
  API_KEY_SCOPES,
  apiKeySecretMatches,
  parseApiKey,
  type ApiKeyAuthUser,
  type ApiKeyScope,
} from './api-key-format';

/** Why a presented key was refused; recorded in `auth.api_key_refused`. */
export type ApiKeyRefusal = 'unknown' | 'revoked' | 'expired' | 'inactive';

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
    private readonly uow: UnitOfWork,
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditWriter,
  ) {}

  async authenticate(credential: string, meta: RequestMeta): Promise<ApiKeyAuthUser> {
    const parsed = parseApiKey(credential);
    const row = parsed ? await this.keys.findCredential(this.uow.autocommit, parsed.prefix) : null;
    if (!parsed || !row || !apiKeySecretMatches(parsed.secret, row.secretHash)) {
      return this.refuse('unknown', null, parsed?.prefix ?? null, meta);
    }
    const now = Date.now();
    if (row.revokedAt) return this.refuse('revoked', row, parsed.prefix, meta);
    if (row.expiresAt && row.expiresAt.getTime() <= now) {
      return this.refuse('expired', row, parsed.prefix, meta);
    }
    if (!row.usable || row.kind !== 'member') {
      return this.refuse('inactive', row, parsed.prefix, meta);
    }
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.touch(row.id);
    }
    const scopes = row.scopes.filter((s): s is ApiKeyScope =>
      (API_KEY_SCOPES as readonly string[]).includes(s),
    );
    return {
      id: row.createdBy,
      organizationId: row.organizationId,
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
      await this.keys.touch(this.uow.autocommit, keyId);
    } catch (error) {
      // A missed "last used" stamp must not refuse a valid request.
      this.logger.warn({ keyId, err: (error as Error).message }, 'Could not record last use');
    }
  }

  private async refuse(
    reason: ApiKeyRefusal,
    row: ApiKeyCredential | null,
    prefix: string | null,
    meta: RequestMeta,
  ): Promise<never> {
    await this.uow.run((m) =>
      this.audit.record(m, {
        // Whoever presented it is not known to be the key's creator: no user, only the organization.
        actor: row ? { userId: null, organizationId: row.organizationId, role: null } : null,
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
