import type { Permission } from '@app/domain';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthUser } from './auth-user';

/** What a member system's key may do. A key holds at least one. */
export const API_KEY_SCOPES = ['referrals:write', 'referrals:read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * The only permissions a key's scopes grant. Everything else (cases, dispatches,
 * organizations, users, audit, the key's own session routes, key management)
 * is refused with 403, whatever the role of the key's creator.
 */
export const API_KEY_SCOPE_PERMISSIONS: Readonly<Record<ApiKeyScope, readonly Permission[]>> = {
  'referrals:write': ['referrals.create', 'referrals.write'],
  'referrals:read': ['referrals.read'],
};

export function scopesAllow(scopes: readonly ApiKeyScope[], permission: Permission): boolean {
  return scopes.some((s) => API_KEY_SCOPE_PERMISSIONS[s]?.includes(permission) === true);
}

/**
 * `crh_<prefix>_<secret>`: a fixed, greppable marker (so secret scanners can
 * recognise a leaked key), a public lookup prefix (48 bits, stored in clear and
 * shown in lists) and a 256-bit secret of which only the SHA-256 is stored.
 */
export const API_KEY_MARKER = 'crh_';
const KEY_PATTERN = /^crh_([0-9a-f]{12})_([0-9a-f]{64})$/;

export interface GeneratedApiKey {
  /** The whole key, shown once. */
  key: string;
  prefix: string;
  secretHash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('hex');
  return {
    key: `${API_KEY_MARKER}${prefix}_${secret}`,
    prefix,
    secretHash: hashApiKeySecret(secret),
  };
}

/** Whether a presented credential is meant as an API key (rather than an access token). */
export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_MARKER);
}

export function parseApiKey(credential: string): { prefix: string; secret: string } | null {
  const match = KEY_PATTERN.exec(credential);
  return match ? { prefix: match[1], secret: match[2] } : null;
}

/**
 * SHA-256, not argon2: the secret is 256 random bits, so a stolen hash cannot be
 * brute-forced whatever the hash speed; a slow hash would only cost CPU on every
 * request (and hand an attacker a cheap way to load the server).
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function apiKeySecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** The key a request was authenticated with, carried on the request's AuthUser. */
export interface ApiKeyPrincipal {
  id: string;
  scopes: readonly ApiKeyScope[];
}

/** An AuthUser that acts through an API key (the key's creator, the key's organization). */
export type ApiKeyAuthUser = AuthUser & { apiKey: ApiKeyPrincipal };

/** The API key behind a request, or undefined for a signed-in person. */
export function apiKeyOf(user: AuthUser | undefined): ApiKeyPrincipal | undefined {
  const key = (user as Partial<ApiKeyAuthUser> | undefined)?.apiKey;
  return key && typeof key.id === 'string' ? key : undefined;
}
