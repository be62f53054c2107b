import {
  apiKeyOf,
  apiKeySecretMatches,
  generateApiKey,
  looksLikeApiKey,
  parseApiKey,
  scopesAllow,
  type ApiKeyAuthUser,
} from './api-key-format';

describe('API key format', () => {
  it('should generate recognisable keys whose hash, not secret, is kept', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^crh_[0-9a-f]{12}_[0-9a-f]{64}$/);
    expect(a.key).not.toBe(b.key);
    const parsed = parseApiKey(a.key);
    expect(parsed?.prefix).toBe(a.prefix);
    expect(a.secretHash).not.toContain(parsed!.secret);
    expect(apiKeySecretMatches(parsed!.secret, a.secretHash)).toBe(true);
    expect(apiKeySecretMatches(parseApiKey(b.key)!.secret, a.secretHash)).toBe(false);
  });

  it('should tell keys from access tokens and refuse malformed keys', () => {
    expect(looksLikeApiKey('crh_abc')).toBe(true);
    expect(looksLikeApiKey('eyJhbGciOiJIUzI1NiJ9.e30.x')).toBe(false);
    expect(parseApiKey('crh_abc')).toBeNull();
    expect(parseApiKey(`crh_${'A'.repeat(12)}_${'0'.repeat(64)}`)).toBeNull();
  });

  it('should grant only what the scopes map to', () => {
    expect(scopesAllow(['referrals:write'], 'referrals.create')).toBe(true);
    expect(scopesAllow(['referrals:write'], 'referrals.write')).toBe(true);
    expect(scopesAllow(['referrals:write'], 'referrals.read')).toBe(false);
    expect(scopesAllow(['referrals:read'], 'referrals.read')).toBe(true);
    expect(scopesAllow(['referrals:read', 'referrals:write'], 'session.self')).toBe(false);
    expect(scopesAllow(['referrals:read', 'referrals:write'], 'api_keys.manage')).toBe(false);
  });

  it('should find the key on a request user only when there is one', () => {
    const base = {
      id: 'u',
      organizationId: 'o',
      organizationKind: 'member' as const,
      role: 'member_admin' as const,
      email: 'a@b.example',
      sessionId: 's',
    };
    expect(apiKeyOf(base)).toBeUndefined();
    const viaKey: ApiKeyAuthUser = { ...base, apiKey: { id: 'k', scopes: ['referrals:read'] } };
    expect(apiKeyOf(viaKey)?.id).toBe('k');
  });
});
