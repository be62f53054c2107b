import type { AuditRecord, AuditWriter } from '@app/audit';
import { ProblemException, type RequestMeta } from '@app/common';
import {
  InMemoryApiKeysRepository,
  InMemoryDirectory,
  InMemoryUnitOfWork,
  type ApiKeyEntity,
  type UnitOfWork,
} from '@app/persistence';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { generateApiKey } from './api-key-format';

const META: RequestMeta = { requestId: 'r1', ip: null, userAgent: null, clientRequestId: null };

function setup() {
  const directory = new InMemoryDirectory();
  const keys = new InMemoryApiKeysRepository(directory);
  const audited: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, record: AuditRecord) => Promise.resolve(void audited.push(record)),
  } as unknown as AuditWriter;
  const authenticator = new ApiKeyAuthenticator(
    new InMemoryUnitOfWork() as unknown as UnitOfWork,
    keys,
    audit,
  );
  const org = directory.addOrganization({ kind: 'member' });
  const creator = directory.addUser({ organizationId: org.id, role: 'member_admin' });
  const generated = generateApiKey();
  const key: ApiKeyEntity = {
    id: 'key-1',
    organizationId: org.id,
    name: 'Filing',
    prefix: generated.prefix,
    secretHash: generated.secretHash,
    scopes: ['referrals:write'],
    createdBy: creator.id,
    expiresAt: null,
    createdAt: new Date(),
    lastUsedAt: null,
    revokedAt: null,
    revokedBy: null,
  };
  keys.keys.set(key.id, key);
  return { authenticator, keys, audited, org, creator, key, secret: generated.key };
}

async function refusal(promise: Promise<unknown>): Promise<ProblemException> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('ApiKeyAuthenticator', () => {
  it('should act as the key’s creator with the role the creator holds now', async () => {
    const { authenticator, creator, key, secret, keys } = setup();
    creator.role = 'member_reporter';
    const user = await authenticator.authenticate(secret, META);
    expect(user).toMatchObject({
      id: creator.id,
      role: 'member_reporter',
      apiKey: { id: key.id, scopes: ['referrals:write'] },
    });
    expect(keys.touched).toEqual([key.id]);
  });

  it('should stamp the last use at most once a minute', async () => {
    const { authenticator, key, secret, keys } = setup();
    key.lastUsedAt = new Date(Date.now() - 10_000);
    await authenticator.authenticate(secret, META);
    expect(keys.touched).toEqual([]);
  });

  it.each([
    ['revoked', (s: ReturnType<typeof setup>) => void (s.key.revokedAt = new Date())],
    ['expired', (s: ReturnType<typeof setup>) => void (s.key.expiresAt = new Date(0))],
    ['inactive', (s: ReturnType<typeof setup>) => void (s.creator.status = 'suspended')],
    ['inactive', (s: ReturnType<typeof setup>) => void (s.org.status = 'suspended')],
  ])('should refuse a key that is %s and audit it by prefix only', async (reason, change) => {
    const s = setup();
    change(s);
    const refused = await refusal(s.authenticator.authenticate(s.secret, META));
    expect([refused.getStatus(), refused.code]).toEqual([401, 'invalid_api_key']);
    expect(s.audited).toEqual([
      expect.objectContaining({
        action: 'auth.api_key_refused',
        actor: { userId: null, organizationId: s.org.id, role: null },
        targetId: s.key.id,
        details: { reason, prefix: s.key.prefix },
      }),
    ]);
    expect(JSON.stringify(s.audited)).not.toContain(s.secret);
  });

  it('should refuse a key of a creator moved to another organization', async () => {
    const s = setup();
    s.creator.organizationId = s.org.id === 'x' ? 'y' : 'x';
    const refused = await refusal(s.authenticator.authenticate(s.secret, META));
    expect(refused.code).toBe('invalid_api_key');
  });

  it('should refuse a wrong secret under a known prefix as unknown', async () => {
    const s = setup();
    const forged = generateApiKey();
    const refused = await refusal(
      s.authenticator.authenticate(s.secret.replace(/.{4}$/, forged.key.slice(-4)), META),
    );
    expect(refused.code).toBe('invalid_api_key');
    expect(s.audited[0].details).toEqual({ reason: 'unknown', prefix: s.key.prefix });
  });
});
