import type { OrganizationKind } from '../organization';
import type { Role } from '../roles';

/**
 * Single sign-on through an organization's own OpenID Connect provider: what
 * counts as a second factor asserted by the provider, and why a sign-in is
 * refused. Pure rules; the flow itself lives in the API.
 */

/**
 * Authentication method references (RFC 8176) that on their own show the
 * provider checked more than a password: `mfa` (several factors), `otp` (a
 * one-time code), `hwk` (a hardware-bound key), `sc` (a smart card). Others
 * (`pwd`, `sms`, `swk`, `kba`, biometrics alone, …) are not taken as a second factor.
 */
export const MFA_AMR_VALUES = ['mfa', 'otp', 'hwk', 'sc'] as const;

/** At most this many `acr` values an organization may accept as multi-factor. */
export const MAX_SSO_ACR_VALUES = 10;

/**
 * Whether the ID token asserts a second factor: an `amr` entry in
 * MFA_AMR_VALUES, or an `acr` equal to one the organization configured.
 * Claims of the wrong type count as absent.
 */
export function providerAssertsMfa(
  claims: { amr?: unknown; acr?: unknown },
  acceptedAcrValues: readonly string[],
): boolean {
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  if (amr.some((v) => typeof v === 'string' && (MFA_AMR_VALUES as readonly string[]).includes(v)))
    return true;
  return typeof claims.acr === 'string' && acceptedAcrValues.includes(claims.acr);
}

/**
 * Why a single sign-on attempt was refused. The console receives the code
 * (as `sso_error` on its sign-in page) and shows it in words; the audit
 * trail records it as the reason of `auth.sso_refused`.
 */
export const SSO_REFUSAL_REASONS = [
  'not_configured',
  'state_invalid',
  'provider_error',
  'token_invalid',
  'email_unverified',
  'email_domain_not_allowed',
  'email_in_other_organization',
  'identity_mismatch',
  'account_inactive',
  'account_pending',
  'handoff_invalid',
] as const;
export type SsoRefusalReason = (typeof SSO_REFUSAL_REASONS)[number];

/** How long a started sign-in may wait for the provider, and the console for its session. */
export const SSO_AUTHORIZATION_TTL_SECONDS = 600;
export const SSO_HANDOFF_TTL_SECONDS = 120;

/**
 * The role stored on an account created at its first single sign-on, which
 * waits (status `pending`) until an administrator activates it: never in
 * effect, since a pending account cannot sign in, and activating one requires
 * the administrator to name its role. The least of each kind's roles.
 */
export const SSO_PENDING_ROLE: Readonly<Record<OrganizationKind, Role>> = {
  member: 'member_reporter',
  law_enforcement: 'le_liaison',
  coalition: 'auditor',
};
