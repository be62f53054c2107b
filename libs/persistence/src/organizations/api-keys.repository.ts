import type { Page } from '@app/common';
import type { OrganizationKind, RecordScope, Role } from '@app/domain';
import { Injectable } from '@nestjs/common';
import type { AccessLoader, Held } from '../access/record-access';
import { ApiKeyEntity } from '../entities';
import { keysetPageByCreatedAt } from '../keyset-page';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { assertInScope, whereInScope } from './scope';

export type NewApiKey = Pick<
  ApiKeyEntity,
  'id' | 'organizationId' | 'name' | 'prefix' | 'secretHash' | 'scopes' | 'createdBy' | 'expiresAt'
>;

/** A key as authentication needs it, with its creator and organization as they are now. */
export interface ApiKeyCredential {
  id: string;
  organizationId: string;
  secretHash: string;
  scopes: string[];
  createdBy: string;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  email: string;
  role: Role;
  kind: OrganizationKind;
  /** Creator and organization active, and the creator still in the key's organization. */
  usable: boolean;
}

/** API keys of member organizations. */
@Injectable()
export class ApiKeysRepository implements AccessLoader<ApiKeyEntity> {
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<ApiKeyEntity> | null> {
    const key = await managerOf(tx).findOne(ApiKeyEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return key ? { record: key, organizationId: key.organizationId } : null;
  }

  /** One page of an organization's keys in creation order, within the caller's scope. */
  list(
    tx: Tx,
    scope: RecordScope,
    organizationId: string,
    page: { cursor?: string; limit?: number },
  ): Promise<Page<ApiKeyEntity>> {
    const qb = managerOf(tx)
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .where('k.organization_id = :organizationId', { organizationId });
    whereInScope(qb, scope, { organization: 'k.organization_id', owner: 'k.created_by' });
    return keysetPageByCreatedAt(qb, page);
  }

  /** A new key of an organization within the caller's scope; the stored row. */
  async create(tx: Tx, scope: RecordScope, key: NewApiKey): Promise<ApiKeyEntity> {
    assertInScope(scope, key.organizationId, key.createdBy);
    const m = managerOf(tx);
    await m.insert(ApiKeyEntity, { ...key, lastUsedAt: null, revokedAt: null, revokedBy: null });
    return m.findOneByOrFail(ApiKeyEntity, { id: key.id });
  }

  /** Revoke a key the caller holds (loaded and locked through loadForAccess, reach decided). */
  async revoke(
    tx: Tx,
    scope: RecordScope,
    key: Pick<ApiKeyEntity, 'id' | 'organizationId' | 'createdBy'>,
    revokedBy: string,
  ): Promise<void> {
    assertInScope(scope, key.organizationId, key.createdBy);
    await managerOf(tx).update(ApiKeyEntity, { id: key.id }, { revokedAt: new Date(), revokedBy });
  }

  /**
   * The key of that public prefix with its creator and organization. Not
   * scoped: authentication comes before there is a caller.
   */
  async findCredential(tx: Tx, prefix: string): Promise<ApiKeyCredential | null> {
    const rows: {
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
    }[] = await managerOf(tx).query(
      `SELECT k.id, k.organization_id, k.secret_hash, k.scopes, k.created_by, k.expires_at,
              k.revoked_at, k.last_used_at, u.email, u.role, o.kind,
              (u.status = 'active' AND o.status = 'active' AND u.organization_id = k.organization_id) AS usable
         FROM api_keys k
         JOIN users u ON u.id = k.created_by
         JOIN organizations o ON o.id = k.organization_id
        WHERE k.prefix = $1`,
      [prefix],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          organizationId: row.organization_id,
          secretHash: row.secret_hash,
          scopes: row.scopes,
          createdBy: row.created_by,
          expiresAt: row.expires_at,
          revokedAt: row.revoked_at,
          lastUsedAt: row.last_used_at,
          email: row.email,
          role: row.role,
          kind: row.kind,
          usable: row.usable,
        }
      : null;
  }

  /**
   * Stamp the key's last use, conditionally so that concurrent requests (or
   * several API processes) write once a minute. The key authenticated the
   * request: it is the caller's own credential.
   */
  async touch(tx: Tx, keyId: string): Promise<void> {
    await managerOf(tx).query(
      `UPDATE api_keys SET last_used_at = now()
        WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [keyId],
    );
  }
}
