import { API_KEY_MARKER, type ApiKeyScope } from '@app/auth';
import type { ApiKeyEntity } from '@app/persistence';
import type { ApiKeyResponse } from './dto/api-key.dto';

export function apiKeyStatus(key: ApiKeyEntity, now = Date.now()): ApiKeyResponse['status'] {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && key.expiresAt.getTime() <= now) return 'expired';
  return 'active';
}

/** Never the secret or its hash: only the public prefix. */
export function toApiKeyResponse(key: ApiKeyEntity): ApiKeyResponse {
  return {
    id: key.id,
    organizationId: key.organizationId,
    name: key.name,
    prefix: `${API_KEY_MARKER}${key.prefix}`,
    scopes: key.scopes as ApiKeyScope[],
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
    expiresAt: key.expiresAt ? key.expiresAt.toISOString() : null,
    revokedAt: key.revokedAt ? key.revokedAt.toISOString() : null,
    status: apiKeyStatus(key),
  };
}
