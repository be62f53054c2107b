import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import {
  AppConfig,
  ConflictProblem,
  FieldCipher,
  parseFieldKeys,
  RecordNotFound,
  ValidationProblem,
  type FieldProblem,
  type RequestMeta,
} from '@app/common';
import type { WebhookUrlPolicy } from '@app/domain';
import {
  AgencyCoverageEntity,
  AgencyEntity,
  inTransaction,
  isUniqueViolation,
  JurisdictionEntity,
  OrganizationEntity,
  type AgencyChannel,
  type SealedField,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { DataSource, In, Not, type EntityManager } from 'typeorm';
import type {
  AgencyListResponse,
  AgencyResponse,
  CreateAgencyDto,
  ListAgenciesQueryDto,
  UpdateAgencyDto,
} from './dto/agency.dto';
import { toAgencyResponse } from './reference-data.mapper';
import { webhookUrlRefusal, type ResolveHost } from './webhook-url.check';

/** The associated data of a sealed webhook secret; the worker opens it with the same string. */
export function webhookSecretContext(agencyId: string): string {
  return `agency:${agencyId}:webhookSecret`;
}

const resolveHost: ResolveHost = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

const FALLBACK_EXISTS = (name: string) =>
  new ConflictProblem(
    'fallback_exists',
    `${name} is already the active fallback agency; make it inactive or not the fallback first.`,
  );

const AGENCY_EXISTS = () =>
  new ConflictProblem(
    'agency_exists',
    'This organization already has an agency; change that agency with PATCH.',
  );

/** Fields an update may change (the secret is reported by name only). */
const UPDATABLE = [
  'name',
  'coverage',
  'channels',
  'webhookUrl',
  'webhookSecret',
  'contactEmail',
  'contactPhone',
  'isFallback',
  'active',
] as const;

/**
 * Agencies: the routing face of a law-enforcement organization (what it covers,
 * how it receives dispatches). Reference data: no per-record scope, the route's
 * permission decides; platform admins change it.
 */
@Injectable()
export class AgenciesService {
  private readonly cipher: FieldCipher;
  private readonly webhookPolicy: WebhookUrlPolicy;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    config: AppConfig,
  ) {
    this.cipher = new FieldCipher(parseFieldKeys(config.require('FIELD_ENCRYPTION_KEYS')));
    this.webhookPolicy = {
      allowHttp: config.get('WEBHOOK_ALLOW_HTTP') || config.get('NODE_ENV') === 'development',
      allowPrivateNetworks: config.get('WEBHOOK_ALLOW_PRIVATE_NETWORKS'),
    };
  }

  async list(query: ListAgenciesQueryDto): Promise<AgencyListResponse> {
    const m = this.dataSource.manager;
    const qb = m.createQueryBuilder(AgencyEntity, 'a').orderBy('a.name').addOrderBy('a.id');
    if (query.active !== undefined) qb.andWhere('a.active = :active', { active: query.active });
    if (query.jurisdiction !== undefined) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM agency_coverage c WHERE c.agency_id = a.id AND c.jurisdiction_code = :code)',
        { code: query.jurisdiction },
      );
    }
    const agencies = await qb.getMany();
    const coverage = await this.coverageOf(
      m,
      agencies.map((a) => a.id),
    );
    return { items: agencies.map((a) => toAgencyResponse(a, coverage.get(a.id) ?? [])) };
  }

  async get(id: string): Promise<AgencyResponse> {
    const m = this.dataSource.manager;
    const agency = await m.findOneBy(AgencyEntity, { id });
    if (!agency) throw new RecordNotFound('agency');
    return toAgencyResponse(agency, (await this.coverageOf(m, [id])).get(id) ?? []);
  }

  async create(actor: AuthUser, dto: CreateAgencyDto, meta: RequestMeta): Promise<AgencyResponse> {
    // Resolving the host takes time: done before the transaction opens.
    const urlProblem = await this.webhookUrlProblems(dto.webhookUrl);
    const channels: AgencyChannel[] = dto.channels ?? ['portal'];
    const coverage = dto.coverage ?? [];
    const isFallback = dto.isFallback ?? false;
    const active = dto.active ?? true;
    try {
      const { agency, codes } = await inTransaction(this.dataSource, async (m) => {
        const problems = [
          ...(await this.organizationProblems(m, dto.organizationId)),
          ...(await this.coverageProblems(m, coverage)),
          ...urlProblem,
          ...webhookChannelProblems(
            channels,
            dto.webhookUrl ?? null,
            typeof dto.webhookSecret === 'string',
            urlProblem,
          ),
        ];
        if (problems.length > 0) throw new ValidationProblem(problems);
        if (await m.existsBy(AgencyEntity, { organizationId: dto.organizationId })) {
          throw AGENCY_EXISTS();
        }
        if (isFallback && active) await this.refuseSecondFallback(m, null);

        const id = randomUUID();
        const entity = m.create(AgencyEntity, {
          id,
          organizationId: dto.organizationId,
          name: dto.name,
          channels,
          webhookUrl: dto.webhookUrl ?? null,
          webhookSecret:
            typeof dto.webhookSecret === 'string' ? this.seal(id, dto.webhookSecret) : null,
          contactEmail: dto.contactEmail ?? null,
          contactPhone: dto.contactPhone ?? null,
          isFallback,
          active,
          isDemo: false,
        });
        await m.insert(AgencyEntity, entity);
        await this.replaceCoverage(m, id, coverage);
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: 'agency.create',
          outcome: 'success',
          targetType: 'agency',
          targetId: id,
          details: {
            changed: UPDATABLE.filter((k) => dto[k] !== undefined && dto[k] !== null),
            organizationId: dto.organizationId,
            channels,
            coverage: [...new Set(coverage)].sort(),
            isFallback,
            active,
          },
        });
        return { agency: await m.findOneByOrFail(AgencyEntity, { id }), codes: coverage };
      });
      return toAgencyResponse(agency, [...new Set(codes)]);
    } catch (error) {
      throw conflictOf(error) ?? error;
    }
  }

  async update(
    actor: AuthUser,
    id: string,
    dto: UpdateAgencyDto,
    meta: RequestMeta,
  ): Promise<AgencyResponse> {
    const urlProblem = await this.webhookUrlProblems(dto.webhookUrl);
    try {
      const { agency, codes } = await inTransaction(this.dataSource, async (m) => {
        const current = await m.findOne(AgencyEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!current) throw new RecordNotFound('agency');
        const currentCoverage = (await this.coverageOf(m, [id])).get(id) ?? [];

        const channels = dto.channels ?? current.channels;
        const webhookUrl = dto.webhookUrl !== undefined ? dto.webhookUrl : current.webhookUrl;
        const secretSet =
          dto.webhookSecret !== undefined
            ? dto.webhookSecret !== null
            : current.webhookSecret !== null;
        const problems = [
          ...(dto.coverage ? await this.coverageProblems(m, dto.coverage) : []),
          ...urlProblem,
          ...webhookChannelProblems(channels, webhookUrl, secretSet, urlProblem),
        ];
        if (problems.length > 0) throw new ValidationProblem(problems);

        const changed = UPDATABLE.filter((k) => {
          if (dto[k] === undefined) return false;
          if (k === 'webhookSecret') return true; // a new secret, or its removal
          if (k === 'coverage' || k === 'channels') {
            return !sameSet(
              dto[k] as string[],
              k === 'coverage' ? currentCoverage : current.channels,
            );
          }
          return dto[k] !== current[k];
        });
        if (changed.length === 0) return { agency: current, codes: currentCoverage };

        const isFallback = dto.isFallback ?? current.isFallback;
        const active = dto.active ?? current.active;
        if (isFallback && active && !(current.isFallback && current.active)) {
          await this.refuseSecondFallback(m, id);
        }

        Object.assign(current, {
          name: dto.name ?? current.name,
          channels,
          webhookUrl,
          contactEmail: dto.contactEmail !== undefined ? dto.contactEmail : current.contactEmail,
          contactPhone: dto.contactPhone !== undefined ? dto.contactPhone : current.contactPhone,
          isFallback,
          active,
        });
        if (dto.webhookSecret !== undefined) {
          current.webhookSecret =
            dto.webhookSecret === null ? null : this.seal(id, dto.webhookSecret);
        }
        await m.save(current);
        const codes = changed.includes('coverage') ? (dto.coverage as string[]) : currentCoverage;
        if (changed.includes('coverage')) await this.replaceCoverage(m, id, codes);
        await this.audit.record(m, {
          actor: actorOf(actor),
          origin: meta,
          action: 'agency.update',
          outcome: 'success',
          targetType: 'agency',
          targetId: id,
          details: { changed },
        });
        return { agency: await m.findOneByOrFail(AgencyEntity, { id }), codes };
      });
      return toAgencyResponse(agency, [...new Set(codes)]);
    } catch (error) {
      throw conflictOf(error) ?? error;
    }
  }

  // -------------------------------------------------------------------------

  private seal(agencyId: string, secret: string): SealedField {
    // No clear-text hint: even the last characters of an HMAC key are not for display.
    return { ...this.cipher.seal(secret, webhookSecretContext(agencyId)), hint: '' };
  }

  private async webhookUrlProblems(url: string | null | undefined): Promise<FieldProblem[]> {
    if (typeof url !== 'string') return [];
    const refusal = await webhookUrlRefusal(url, this.webhookPolicy, resolveHost);
    return refusal === null ? [] : [{ field: 'webhookUrl', messages: [refusal] }];
  }

  private async organizationProblems(
    m: EntityManager,
    organizationId: string,
  ): Promise<FieldProblem[]> {
    const org = await m.findOneBy(OrganizationEntity, { id: organizationId });
    const message = !org
      ? 'is not an existing organization'
      : org.kind !== 'law_enforcement'
        ? 'must be a law-enforcement organization'
        : org.status !== 'active'
          ? 'must be an active organization'
          : null;
    return message === null ? [] : [{ field: 'organizationId', messages: [message] }];
  }

  private async coverageProblems(m: EntityManager, codes: string[]): Promise<FieldProblem[]> {
    const wellFormed = codes.filter((c) => /^[A-Z]{2}$/.test(c));
    const recorded = new Set(
      wellFormed.length === 0
        ? []
        : (
            await m.find(JurisdictionEntity, {
              where: { code: In([...new Set(wellFormed)]) },
              select: { code: true },
            })
          ).map((j) => j.code),
    );
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    codes.forEach((code, index) => {
      const field = `coverage[${index}]`;
      if (!/^[A-Z]{2}$/.test(code)) {
        problems.push({ field, messages: ['must be an ISO 3166-1 alpha-2 code such as GB'] });
      } else if (!recorded.has(code)) {
        problems.push({
          field,
          messages: [`${code} is not a recorded jurisdiction; create the jurisdiction first`],
        });
      } else if (seen.has(code)) {
        problems.push({ field, messages: [`${code} is listed twice`] });
      }
      seen.add(code);
    });
    return problems;
  }

  private async refuseSecondFallback(m: EntityManager, exceptId: string | null): Promise<void> {
    const other = await m.findOne(AgencyEntity, {
      where: { isFallback: true, active: true, ...(exceptId ? { id: Not(exceptId) } : {}) },
      select: { id: true, name: true },
    });
    if (other) throw FALLBACK_EXISTS(other.name);
  }

  private async replaceCoverage(
    m: EntityManager,
    agencyId: string,
    codes: string[],
  ): Promise<void> {
    await m.delete(AgencyCoverageEntity, { agencyId });
    const unique = [...new Set(codes)];
    if (unique.length > 0) {
      await m.insert(
        AgencyCoverageEntity,
        unique.map((jurisdictionCode) => ({ agencyId, jurisdictionCode })),
      );
    }
  }

  private async coverageOf(m: EntityManager, agencyIds: string[]): Promise<Map<string, string[]>> {
    const byAgency = new Map<string, string[]>();
    if (agencyIds.length === 0) return byAgency;
    const rows = await m.find(AgencyCoverageEntity, {
      where: { agencyId: In(agencyIds) },
      order: { jurisdictionCode: 'ASC' },
    });
    for (const row of rows) {
      byAgency.set(row.agencyId, [...(byAgency.get(row.agencyId) ?? []), row.jurisdictionCode]);
    }
    return byAgency;
  }
}

/** A unique index caught a race the checks lost: the same answer as the check. */
function conflictOf(error: unknown): ConflictProblem | null {
  if (isUniqueViolation(error, 'agencies_single_fallback_idx')) {
    return FALLBACK_EXISTS('Another agency');
  }
  if (isUniqueViolation(error, 'agencies_organization_id_key')) return AGENCY_EXISTS();
  return null;
}

/**
 * The webhook channel needs a URL and a secret. A URL already refused for its
 * own sake is not reported twice.
 */
function webhookChannelProblems(
  channels: readonly AgencyChannel[],
  webhookUrl: string | null,
  secretSet: boolean,
  urlProblem: readonly FieldProblem[],
): FieldProblem[] {
  if (!channels.includes('webhook')) return [];
  const problems: FieldProblem[] = [];
  if (webhookUrl === null && urlProblem.length === 0) {
    problems.push({ field: 'webhookUrl', messages: ['is required for the webhook channel'] });
  }
  if (!secretSet) {
    problems.push({ field: 'webhookSecret', messages: ['is required for the webhook channel'] });
  }
  return problems;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
