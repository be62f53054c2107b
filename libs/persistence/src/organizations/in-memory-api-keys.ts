import type { Page } from '@app/common';
import { withinScope, type RecordScope } from '@app/domain';
import type { Held } from '../access/record-access';
import type { ApiKeyEntity } from '../entities';
import type { Tx } from '../unit-of-work/tx';
import type { ApiKeyCredential, ApiKeysRepository, NewApiKey } from './api-keys.repository';
import { firstPage, InMemoryDirectory } from './in-memory-directory';

export class InMemoryApiKeysRepository implements Pick<ApiKeysRepository, keyof ApiKeysRepository> {
  readonly keys = new Map<string, ApiKeyEntity>();
  readonly touched: string[] = [];

  constructor(readonly directory = new InMemoryDirectory()) {}

  loadForAccess(_tx: Tx, id: string): Promise<Held<ApiKeyEntity> | null> {
    const key = this.keys.get(id);
    return Promise.resolve(key ? { record: { ...key }, organizationId: key.organizationId } : null);
  }

  list(
    _tx: Tx,
    scope: RecordScope,
    organizationId: string,
    page: { cursor?: string; limit?: number },
  ): Promise<Page<ApiKeyEntity>> {
    const rows = [...this.keys.values()].filter(
      (k) =>
        k.organizationId === organizationId &&
        withinScope(scope, { organizationId: k.organizationId, ownerId: k.createdBy }),
    );
    return Promise.resolve(firstPage(rows, page));
  }

  create(_tx: Tx, scope: RecordScope, key: NewApiKey): Promise<ApiKeyEntity> {
    this.refuseOutside(scope, key);
    const stored: ApiKeyEntity = {
      ...key,
      createdAt: this.directory.nextCreatedAt(),
      lastUsedAt: null,
      revokedAt: null,
      revokedBy: null,
    };
    this.keys.set(key.id, stored);
    return Promise.resolve({ ...stored });
  }

  revoke(
    _tx: Tx,
    scope: RecordScope,
    key: Pick<ApiKeyEntity, 'id' | 'organizationId' | 'createdBy'>,
    revokedBy: string,
  ): Promise<void> {
    this.refuseOutside(scope, key);
    Object.assign(this.keys.get(key.id) ?? {}, { revokedAt: new Date(), revokedBy });
    return Promise.resolve();
  }

  findCredential(_tx: Tx, prefix: string): Promise<ApiKeyCredential | null> {
    const key = [...this.keys.values()].find((k) => k.prefix === prefix);
    const user = key && this.directory.users.get(key.createdBy);
    const org = key && this.directory.organizations.get(key.organizationId);
    if (!key || !user || !org) return Promise.resolve(null);
    return Promise.resolve({
      id: key.id,
      organizationId: key.organizationId,
      secretHash: key.secretHash,
      scopes: key.scopes,
      createdBy: key.createdBy,
      expiresAt: key.expiresAt,
      revokedAt: key.revokedAt,
      lastUsedAt: key.lastUsedAt,
      email: user.email,
      role: user.role,
      kind: org.kind,
      usable:
        user.status === 'active' &&
        org.status === 'active' &&
        user.organizationId === key.organizationId,
    });
  }

  touch(_tx: Tx, keyId: string): Promise<void> {
    this.touched.push(keyId);
    const key = this.keys.get(keyId);
    if (key) key.lastUsedAt = new Date();
    return Promise.resolve();
  }

  private refuseOutside(
    scope: RecordScope,
    key: Pick<ApiKeyEntity, 'organizationId' | 'createdBy'>,
  ): void {
    if (!withinScope(scope, { organizationId: key.organizationId, ownerId: key.createdBy })) {
      throw new Error('A write outside the caller’s scope was attempted');
    }
  }
}
