import { actorOf, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import { ConflictProblem, RecordNotFound, type RequestMeta } from '@app/common';
import { isUniqueViolation, JurisdictionsRepository, UnitOfWork } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import {
  CRITERIA_FIELDS,
  type CreateJurisdictionDto,
  type JurisdictionListResponse,
  type JurisdictionResponse,
  type UpdateJurisdictionDto,
} from './dto/jurisdiction.dto';
import { toJurisdictionResponse } from './reference-data.mapper';

/** Fields an update may change, in the order they are reported. */
const UPDATABLE = ['name', ...CRITERIA_FIELDS, 'sourceEdition', 'reviewedOn', 'hotline'] as const;

/**
 * Jurisdictions: what administrators record about a country's CSAM legislation.
 * Reference data, readable by coordinators and platform admins alike (the
 * permission decides; there is no per-record scope), changed by platform admins.
 */
@Injectable()
export class JurisdictionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly jurisdictions: JurisdictionsRepository,
    private readonly audit: AuditWriter,
  ) {}

  async list(): Promise<JurisdictionListResponse> {
    const rows = await this.jurisdictions.list(this.uow.autocommit);
    return { items: rows.map(toJurisdictionResponse) };
  }

  async get(code: string): Promise<JurisdictionResponse> {
    const row = await this.jurisdictions.findByCode(this.uow.autocommit, code);
    if (!row) throw new RecordNotFound('jurisdiction');
    return toJurisdictionResponse(row);
  }

  async create(
    actor: AuthUser,
    dto: CreateJurisdictionDto,
    meta: RequestMeta,
  ): Promise<JurisdictionResponse> {
    try {
      const row = await this.uow.run(async (tx) => {
        await this.jurisdictions.insert(tx, {
          code: dto.code,
          name: dto.name,
          csamSpecificLaw: dto.csamSpecificLaw ?? 'unknown',
          csamDefined: dto.csamDefined ?? 'unknown',
          technologyFacilitatedOffences: dto.technologyFacilitatedOffences ?? 'unknown',
          simplePossessionCriminalised: dto.simplePossessionCriminalised ?? 'unknown',
          ispReportingRequired: dto.ispReportingRequired ?? 'unknown',
          sourceEdition: dto.sourceEdition ?? null,
          reviewedOn: dto.reviewedOn ?? null,
          hotline: dto.hotline ?? false,
          isDemo: false,
        });
        await this.audit.record(tx, {
          actor: actorOf(actor),
          origin: meta,
          action: 'jurisdiction.create',
          outcome: 'success',
          targetType: 'jurisdiction',
          targetId: dto.code,
          details: { changed: UPDATABLE.filter((k) => dto[k] !== undefined) },
        });
        return this.jurisdictions.reload(tx, dto.code);
      });
      return toJurisdictionResponse(row);
    } catch (error) {
      if (isUniqueViolation(error, 'jurisdictions_pkey')) {
        throw new ConflictProblem(
          'jurisdiction_exists',
          `A jurisdiction with code ${dto.code} already exists; change it with PATCH.`,
        );
      }
      throw error;
    }
  }

  async update(
    actor: AuthUser,
    code: string,
    dto: UpdateJurisdictionDto,
    meta: RequestMeta,
  ): Promise<JurisdictionResponse> {
    const row = await this.uow.run(async (tx) => {
      const current = await this.jurisdictions.findByCode(tx, code, { lock: true });
      if (!current) throw new RecordNotFound('jurisdiction');
      const changed = UPDATABLE.filter((k) => dto[k] !== undefined && dto[k] !== current[k]);
      if (changed.length === 0) return current;
      for (const k of changed) Object.assign(current, { [k]: dto[k] });
      await this.jurisdictions.save(tx, current);
      await this.audit.record(tx, {
        actor: actorOf(actor),
        origin: meta,
        action: 'jurisdiction.update',
        outcome: 'success',
        targetType: 'jurisdiction',
        targetId: code,
        details: { changed },
      });
      return this.jurisdictions.reload(tx, code);
    });
    return toJurisdictionResponse(row);
  }
}
