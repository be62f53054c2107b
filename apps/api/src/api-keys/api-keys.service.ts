import { actorOf, AuditWriter } from '@app/audit';
import { API_KEY_SCOPES, AccessService, generateApiKey, type AuthUser } from '@app/auth';
import { type Page, type RequestMeta } from '@app/common';
import { ApiKeysRepository, UnitOfWork } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { toApiKeyResponse } from './api-key.mapper';
import type {
  ApiKeyResponse,
  CreateApiKeyDto,
  CreatedApiKeyResponse,
  ListApiKeysQueryDto,
} from './dto/api-key.dto';

/**
 * API keys of a member organization, managed by its member admins. The key is
 * returned once, by create; afterwards only its prefix is ever shown.
 */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly keys: ApiKeysRepository,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
  ) {}

  async list(
    actor: AuthUser,
    organizationId: string,
    query: ListApiKeysQueryDto,
  ): Promise<Page<ApiKeyResponse>> {
    const tx = this.uow.autocommit;
    await this.access.require(
      actor,
      'api_keys.manage',
      { kind: 'organization', id: organizationId },
      { tx },
    );
    const page = await this.keys.list(
      tx,
      this.access.scopeFilter(actor, 'api_keys.manage'),
      organizationId,
      query,
    );
    return { items: page.items.map(toApiKeyResponse), nextCursor: page.nextCursor };
  }

  async create(
    actor: AuthUser,
    organizationId: string,
    dto: CreateApiKeyDto,
    meta: RequestMeta,
  ): Promise<CreatedApiKeyResponse> {
    const generated = generateApiKey();
    // Stored in the order of API_KEY_SCOPES, whatever order they were sent in.
    const scopes = API_KEY_SCOPES.filter((s) => dto.scopes.includes(s));
    const scope = this.access.scopeFilter(actor, 'api_keys.manage');
    const saved = await this.uow.run(async (m) => {
      const org = await this.access.require(
        actor,
        'api_keys.manage',
        { kind: 'organization', id: organizationId },
        { tx: m },
      );
      const id = randomUUID();
      const key = await this.keys.create(m, scope, {
        id,
        organizationId: org.id,
        name: dto.name,
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        scopes,
        createdBy: actor.id,
        expiresAt: dto.expiresAt !== undefined ? new Date(dto.expiresAt) : null,
      });
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'api_key.create',
        outcome: 'success',
        targetType: 'api_key',
        targetId: id,
        details: {
          organizationId: org.id,
          prefix: generated.prefix,
          scopes,
          expiresAt: dto.expiresAt !== undefined ? new Date(dto.expiresAt).toISOString() : null,
        },
      });
      return key;
    });
    return { ...toApiKeyResponse(saved), key: generated.key };
  }

  /** Immediate: the next request with the key is refused. Revoking a revoked key changes nothing. */
  async revoke(actor: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    const scope = this.access.scopeFilter(actor, 'api_keys.manage');
    await this.uow.run(async (m) => {
      const key = await this.access.require(
        actor,
        'api_keys.manage',
        { kind: 'api_key', id },
        { tx: m, lock: true },
      );
      if (key.revokedAt) return;
      await this.keys.revoke(m, scope, key, actor.id);
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'api_key.revoke',
        outcome: 'success',
        targetType: 'api_key',
        targetId: id,
        details: { organizationId: key.organizationId, prefix: key.prefix },
      });
    });
  }
}
