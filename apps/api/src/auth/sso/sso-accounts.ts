import { AuditWriter } from '@app/audit';
import type { RequestMeta } from '@app/common';
import {
  accountEmailKey,
  emailDomainOf,
  SSO_PENDING_ROLE,
  type SsoRefusalReason,
} from '@app/domain';
import {
  EmailDomainsRepository,
  OrganizationsRepository,
  SsoRepository,
  UsersRepository,
  type SsoSettingsRow,
  type Tx,
  type UserEntity,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { VerifiedIdentity } from './oidc-relying-party';

/** An account created by single sign-on has no password: this never verifies. */
const NO_PASSWORD = '!sso';

/** Why a sign-in through the provider is refused; audited as `auth.sso_refused`. */
export class SsoRefusal extends Error {
  constructor(
    readonly reason: SsoRefusalReason,
    readonly details: Record<string, unknown> = {},
    readonly user?: Pick<UserEntity, 'id' | 'organizationId' | 'role'>,
  ) {
    super(reason);
  }
}

/** Which account a verified identity belongs to, linking or creating it. */
@Injectable()
export class SsoAccounts {
  constructor(
    private readonly sso: SsoRepository,
    private readonly users: UsersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly emailDomains: EmailDomainsRepository,
    private readonly audit: AuditWriter,
  ) {}

  /**
   * The account the identity signs in to. Linked by (issuer, subject) once
   * found; before that, found by address in the organization or created there.
   * An address at a domain the organization has not registered, or held by an
   * account of another organization, is refused.
   */
  async accountFor(
    m: Tx,
    settings: SsoSettingsRow,
    identity: VerifiedIdentity,
    who: Record<string, unknown>,
    meta: RequestMeta,
  ): Promise<{ kind: 'existing'; account: UserEntity } | { kind: 'created'; account: UserEntity }> {
    const linked = await this.sso.identity(m, identity.issuer, identity.subject);
    if (linked) {
      const account = await this.users.self(m, linked.userId);
      if (!account || linked.organizationId !== settings.organizationId) {
        throw new SsoRefusal('identity_mismatch', who);
      }
      return { kind: 'existing', account };
    }
    const email = identity.email as string;
    if (
      !(await this.emailDomains.holdIfRegistered(m, emailDomainOf(email), settings.organizationId))
    ) {
      throw new SsoRefusal('email_domain_not_allowed', { ...who, domain: emailDomainOf(email) });
    }
    const emailKey = accountEmailKey(email);
    const holder = await this.users.holderOf(m, emailKey);
    if (holder && holder.organizationId !== settings.organizationId) {
      throw new SsoRefusal('email_in_other_organization', {
        ...who,
        heldByOrganizationId: holder.organizationId,
      });
    }
    if (holder) {
      // An account already linked to another identity is not taken over by a
      // new subject that now carries its address.
      if (await this.sso.isLinked(m, holder.id)) throw new SsoRefusal('identity_mismatch', who);
      await this.sso.link(m, {
        ...linkOf(identity),
        userId: holder.id,
        organizationId: holder.organizationId,
      });
      const account = (await this.users.self(m, holder.id)) as UserEntity;
      return { kind: 'existing', account };
    }
    const held = await this.organizations.loadForAccess(m, settings.organizationId, {
      lock: false,
    });
    if (!held) throw new SsoRefusal('not_configured', who);
    const org = held.record;
    const created = await this.users.create(
      m,
      { reach: 'organization', organizationId: settings.organizationId },
      {
        id: randomUUID(),
        organizationId: settings.organizationId,
        role: SSO_PENDING_ROLE[org.kind],
        email,
        emailNormalized: emailKey,
        displayName: (identity.name ?? email.slice(0, email.lastIndexOf('@'))).slice(0, 120),
        passwordHash: NO_PASSWORD,
        mfaSecret: null,
        mfaEnabled: false,
        status: 'pending',
        lastLoginAt: null,
        passwordChangedAt: new Date(),
      },
    );
    await this.sso.link(m, {
      ...linkOf(identity),
      userId: created.id,
      organizationId: created.organizationId,
    });
    await this.audit.record(m, {
      actor: null,
      origin: meta,
      action: 'auth.sso_account_created',
      outcome: 'success',
      targetType: 'user',
      targetId: created.id,
      details: { ...who, status: 'pending' },
    });
    return { kind: 'created', account: created };
  }
}

function linkOf(identity: VerifiedIdentity): { issuer: string; subject: string } {
  return { issuer: identity.issuer, subject: identity.subject };
}
