import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ValidationProblem, type FieldProblem, type RequestMeta } from '@app/common';
import {
  EmailDomainsRepository,
  SsoRepository,
  UnitOfWork,
  type SsoSettingsRow,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { PutSsoSettingsDto, SsoSettingsResponse } from './dto/sso.dto';
import { OidcRelyingParty } from './oidc-relying-party';
import { SsoSecret } from './sso-secret';

/**
 * An organization's single sign-on settings: its platform administrator or
 * its own administrator (users.manage) reads and changes them; anyone else's
 * organization is not found.
 */
@Injectable()
export class SsoSettingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly sso: SsoRepository,
    private readonly emailDomains: EmailDomainsRepository,
    private readonly secret: SsoSecret,
    private readonly rp: OidcRelyingParty,
    private readonly audit: AuditWriter,
  ) {}

  async get(actor: AuthUser, organizationId: string): Promise<SsoSettingsResponse> {
    const org = await this.access.require(
      actor,
      'users.manage',
      { kind: 'organization', id: organizationId },
      { tx: this.uow.autocommit },
    );
    const tx = this.uow.autocommit;
    return this.toResponse(
      await this.sso.settingsOf(tx, org.id),
      await this.emailDomains.of(tx, org.id),
    );
  }

  async put(
    actor: AuthUser,
    organizationId: string,
    dto: PutSsoSettingsDto,
    meta: RequestMeta,
  ): Promise<SsoSettingsResponse> {
    return this.uow.run(async (m) => {
      const org = await this.access.require(
        actor,
        'users.manage',
        { kind: 'organization', id: organizationId },
        { tx: m, lock: true },
      );
      const current = await this.sso.settingsOf(m, org.id);
      const problems: FieldProblem[] = [];
      const issuerProblem = this.rp.issuerProblem(dto.issuer);
      if (issuerProblem) problems.push({ field: 'issuer', messages: [issuerProblem] });
      if (!current && dto.clientSecret === undefined) {
        problems.push({ field: 'clientSecret', messages: ['is required the first time'] });
      }
      if (problems.length > 0) throw new ValidationProblem(problems);
      const row = {
        organizationId: org.id,
        issuer: dto.issuer,
        clientId: dto.clientId,
        clientSecret:
          dto.clientSecret !== undefined
            ? this.secret.seal(org.id, dto.clientSecret)
            : (current as SsoSettingsRow).clientSecret,
        required: dto.required,
        mfaAcrValues: [...new Set(dto.mfaAcrValues ?? [])],
      };
      await this.sso.save(m, row);
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'organization.sso_update',
        outcome: 'success',
        targetType: 'organization',
        targetId: org.id,
        details: {
          issuer: row.issuer,
          clientId: row.clientId,
          clientSecretChanged: dto.clientSecret !== undefined,
          required: row.required,
          mfaAcrValues: row.mfaAcrValues,
          created: current === null,
        },
      });
      return this.toResponse(
        await this.sso.settingsOf(m, org.id),
        await this.emailDomains.of(m, org.id),
      );
    });
  }

  async remove(actor: AuthUser, organizationId: string, meta: RequestMeta): Promise<void> {
    await this.uow.run(async (m) => {
      const org = await this.access.require(
        actor,
        'users.manage',
        { kind: 'organization', id: organizationId },
        { tx: m, lock: true },
      );
      const removed = await this.sso.remove(m, org.id);
      await this.audit.record(m, {
        actor: actorOf(actor),
        origin: meta,
        action: 'organization.sso_delete',
        outcome: 'success',
        targetType: 'organization',
        targetId: org.id,
        details: { removed },
      });
    });
  }

  private toResponse(row: SsoSettingsRow | null, emailDomains: string[]): SsoSettingsResponse {
    return {
      configured: row !== null,
      issuer: row?.issuer ?? null,
      clientId: row?.clientId ?? null,
      clientSecretSet: row !== null,
      required: row?.required ?? false,
      mfaAcrValues: row?.mfaAcrValues ?? [],
      emailDomains,
      redirectUri: this.rp.callbackUrl,
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  }
}
