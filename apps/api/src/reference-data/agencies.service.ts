import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
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
  AgenciesRepository,
  isUniqueViolation,
  JurisdictionsRepository,
  UnitOfWork,
  type AgencyChannel,
  type SealedField,
  type Tx,
} from '@app/persistence';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import {
  AGENCY_LIAISONS_MAX,
  type AgencyLiaisonListResponse,
  type AgencyListResponse,
  type AgencyResponse,
  type CreateAgencyDto,
  type ListAgenciesQueryDto,
  type UpdateAgencyDto,
} from './dto/agency.dto';
import { toAgencyResponse } from './reference-data.mapper';
import { webhookUrlRefusal, type ResolveHost } from './webhook-url.check';

/** The associated data of a sealed webhook secret; the worker opens it with the same string. */
export function webhookSecretContext(agencyId: string): string {
  return `agency:${agencyId}:webhookSecret`;
}

/**
 * Token of the host resolver webhook URLs are checked with. Nothing provides it
 * in the API, so the DNS is used; unit tests supply their own answers.
 */
export const WEBHOOK_HOST_RESOLVER = Symbol('WebhookHostResolver');

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
  private readonly resolve: ResolveHost;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly agencies: AgenciesRepository,
    private readonly jurisdictions: JurisdictionsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditWriter,
    config: AppConfig,
    @Optional() @Inject(WEBHOOK_HOST_RESOLVER) resolve?: ResolveHost,
  ) {
    this.resolve = resolve ?? resolveHost;
    this.cipher = new FieldCipher(parseFieldKeys(config.require('FIELD_ENCRYPTION_KEYS')));
    this.webhookPolicy = {
      allowHttp: config.get('WEBHOOK_ALLOW_HTTP') || config.get('NODE_ENV') === 'development',
      allowPrivateNetworks: config.get('WEBHOOK_ALLOW_PRIVATE_NETWORKS'),
    };
  }

  async list(query: ListAgenciesQueryDto): Promise<AgencyListResponse> {
    const tx = this.uow.autocommit;
    const agencies = await this.agencies.list(tx, {
      active: query.active,
      jurisdiction: query.jurisdiction,
    });
    const coverage = await this.agencies.coverageOf(
      tx,
      agencies.map((a) => a.id),
    );
    return { items: agencies.map((a) => toAgencyResponse(a, coverage.get(a.id) ?? [])) };
  }

  async get(id: string): Promise<AgencyResponse> {
    const tx = this.uow.autocommit;
    const agency = await this.agencies.findById(tx, id);
    if (!agency) throw new RecordNotFound('agency');
    return toAgencyResponse(agency, (await this.agencies.coverageOf(tx, [id])).get(id) ?? []);
  }

  /**
   * The agency's active liaisons: whom a coordinator may name as the recipients
   * of a RED or AMBER+STRICT routing. Names and addresses, nothing of their cases.
   */
  async liaisons(id: string): Promise<AgencyLiaisonListResponse> {
    const tx = this.uow.autocommit;
    if (!(await this.agencies.findById(tx, id))) throw new RecordNotFound('agency');
    const liaisons = await this.agencies.activeLiaisons(tx, [id]);
    return {
      items: liaisons
        .slice(0, AGENCY_LIAISONS_MAX)
        .map((l) => ({ id: l.id, displayName: l.displayName, email: l.email })),
    };
  }

  async create(actor: AuthUser, dto: CreateAgencyDto, meta: RequestMeta): Promise<AgencyResponse> {
    // Resolving the host takes time: done before the transaction opens.
    const urlProblem = await this.webhookUrlProblems(dto.webhookUrl);
    const channels: AgencyChannel[] = dto.channels ?? ['portal'];
    const coverage = dto.coverage ?? [];
    const isFallback = dto.isFallback ?? false;
    const active = dto.active ?? true;
    try {
      const { agency, codes } = await this.uow.run(async (tx) => {
        const problems = [
          ...(await this.organizationProblems(tx, actor, dto.organizationId)),
          ...(await this.coverageProblems(tx, coverage)),
          ...urlProblem,
          ...webhookChannelProblems(
            channels,
            dto.webhookUrl ?? null,
            typeof dto.webhookSecret === 'string',
            urlProblem,
          ),
        ];
        if (problems.length > 0) throw new ValidationProblem(problems);
        if (await this.agencies.existsForOrganization(tx, dto.organizationId)) {
          throw AGENCY_EXISTS();
        }
        if (isFallback && active) await this.refuseSecondFallback(tx, null);

        const id = randomUUID();
        await this.agencies.insert(tx, {
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
        await this.agencies.replaceCoverage(tx, id, coverage);
        await this.audit.record(tx, {
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
        return { agency: await this.agencies.reload(tx, id), codes: coverage };
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
      const { agency, codes } = await this.uow.run(async (tx) => {
        const current = await this.agencies.findById(tx, id, { lock: true });
        if (!current) throw new RecordNotFound('agency');
        const currentCoverage = (await this.agencies.coverageOf(tx, [id])).get(id) ?? [];

        const channels = dto.channels ?? current.channels;
        const webhookUrl = dto.webhookUrl !== undefined ? dto.webhookUrl : current.webhookUrl;
        const secretSet =
          dto.webhookSecret !== undefined
            ? dto.webhookSecret !== null
            : current.webhookSecret !== null;
        const problems = [
          ...(dto.coverage ? await this.coverageProblems(tx, dto.coverage) : []),
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
          await this.refuseSecondFallback(tx, id);
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
        await this.agencies.save(tx, current);
        const codes = changed.includes('coverage') ? (dto.coverage as string[]) : currentCoverage;
        if (changed.includes('coverage')) await this.agencies.replaceCoverage(tx, id, codes);
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: 'agency.update',
          outcome: 'success',
          targetType: 'agency',
          targetId: id,
          details: { changed },
        });
        return { agency: await this.agencies.reload(tx, id), codes };
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
    const refusal = await webhookUrlRefusal(url, this.webhookPolicy, this.resolve);
    return refusal === null ? [] : [{ field: 'webhookUrl', messages: [refusal] }];
  }

  private async organizationProblems(
    tx: Tx,
    actor: AuthUser,
    organizationId: string,
  ): Promise<FieldProblem[]> {
    const org = await this.agencies.prospectiveOwner(
      tx,
      this.access.scopeFilter(actor, 'reference.manage'),
      organizationId,
    );
    const message = !org
      ? 'is not an existing organization'
      : org.kind !== 'law_enforcement'
        ? 'must be a law-enforcement organization'
        : org.status !== 'active'
          ? 'must be an active organization'
          : null;
    return message === null ? [] : [{ field: 'organizationId', messages: [message] }];
  }

  private async coverageProblems(tx: Tx, codes: string[]): Promise<FieldProblem[]> {
    const wellFormed = codes.filter((c) => /^[A-Z]{2}$/.test(c));
    const recorded = new Set(
      wellFormed.length === 0
        ? []
        : await this.jurisdictions.recordedCodes(tx, [...new Set(wellFormed)]),
    );
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    codes.forEach((code, index) => {
      const field = `coverage[${index}]`;
      if (!/^[A-Z]{2}$/.test(code)) {
        problems.push({ field, messages: ['must be a two-letter country code, such as GB'] });
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

  private async refuseSecondFallback(tx: Tx, exceptId: string | null): Promise<void> {
    const other = await this.agencies.activeFallback(tx, exceptId);
    if (other) throw FALLBACK_EXISTS(other.name);
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
