import { actorOf, AuditWriter } from '@app/audit';
import { API_KEY_SCOPES, AccessService, generateApiKey, type AuthUser } from '@app/auth';
import { RecordNotFound, type Page, type RequestMeta } from '@app/common';
import { canReachOrganization } from '@app/domain';
import { ApiKeyEntity, inTransaction, keysetPageByCreatedAt } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
  ) {}

  async list(
    actor: AuthUser,
    organizationId: string,
    query: ListApiKeysQueryDto,
  ): Promise<Page<ApiKeyResponse>> {
    await this.access.requireOrganization(actor, 'api_keys.manage', organizationId);
    const qb = this.dataSource
      .getRepository(ApiKeyEntity)
      .createQueryBuilder('k')
      .where('k.organization_id = :organizationId', { organizationId });
    const page = await keysetPageByCreatedAt(qb, query);
    return { items: page.items.map(toApiKeyResponse), nextCursor: page.nextCursor };
  }

  async create(
    actor: AuthUser,
    organizationId: string,
    dto: CreateApiKeyDto,
    meta: RequestMeta,
  ): Promise<CreatedApiKeyResponse> {
    const org = await this.access.requireOrganization(actor, 'api_keys.manage', organizationId);
    const generated = generateApiKey();
    // Stored in the order of API_KEY_SCOPES, whatever order they were sent in.
    const scopes = API_KEY_SCOPES.filter((s) => dto.scopes.includes(s));
    const saved = await inTransaction(this.dataSource, async (m) => {
      const id = randomUUID();
      await m.insert(ApiKeyEntity, {
        id,
        organizationId: org.id,
        name: dto.name,
        prefix: generated.prefix,
        secretHash: generated.secretHash,
        scopes,
        createdBy: actor.id,
        expiresAt: dto.expiresAt !== undefined ? new Date(dto.expiresAt) : null,
        lastUsedAt: null,
        revokedAt: null,
        revokedBy: null,
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
      return m.findOneByOrFail(ApiKeyEntity, { id });
    });
    return { ...toApiKeyResponse(saved), key: generated.key };
  }

  /** Immediate: the next request with the key is refused. Revoking a revoked key changes nothing. */
  async revoke(actor: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    await inTransaction(this.dataSource, async (m) => {
      const key = await m.findOne(ApiKeyEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!key) throw new RecordNotFound('API key');
      if (!canReachOrganization(actor, 'api_keys.manage', key.organizationId)) {
        throw RecordNotFound.outOfReach('API key', id);
      }
      if (key.revokedAt) return;
      await m.update(ApiKeyEntity, { id }, { revokedAt: new Date(), revokedBy: actor.id });
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
