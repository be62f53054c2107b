import type { OrganizationKind, OrganizationStatus, RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { In, Not } from 'typeorm';
import { AgencyCoverageEntity, AgencyEntity, OrganizationEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** The columns a new agency is inserted with (the rest have defaults). */
export type NewAgency = Omit<AgencyEntity, 'createdAt' | 'updatedAt' | 'version'>;

/** An agency as the routing engine weighs it. */
export interface AgencyForRouting {
  readonly id: string;
  readonly name: string;
  readonly isFallback: boolean;
  readonly coverage: string[];
}

/** A liaison of an agency, as a routing names them. */
export interface AgencyLiaison {
  readonly id: string;
  readonly agencyId: string;
  readonly displayName: string;
  readonly email: string;
}

/**
 * Agencies and the jurisdictions they cover. Reference data, not
 * organization-owned: the agency of a law-enforcement organization is routing
 * information every coordinator and administrator reads alike, so the methods
 * on agencies take no RecordScope. The one read of an organization does.
 */
@Injectable()
export class AgenciesRepository {
  /** Ordered by name then id; `jurisdiction` keeps agencies covering that code. */
  async list(tx: Tx, filter: { active?: boolean; jurisdiction?: string }): Promise<AgencyEntity[]> {
    const qb = managerOf(tx)
      .createQueryBuilder(AgencyEntity, 'a')
      .orderBy('a.name')
      .addOrderBy('a.id');
    if (filter.active !== undefined) qb.andWhere('a.active = :active', { active: filter.active });
    if (filter.jurisdiction !== undefined) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM agency_coverage c WHERE c.agency_id = a.id AND c.jurisdiction_code = :code)',
        { code: filter.jurisdiction },
      );
    }
    return qb.getMany();
  }

  /**
   * The active liaisons (le_liaison users of an active organization) of these
   * agencies, by agency then name: who a RED or AMBER+STRICT routing may name.
   */
  async activeLiaisons(tx: Tx, agencyIds: readonly string[]): Promise<AgencyLiaison[]> {
    if (agencyIds.length === 0) return [];
    const rows: { id: string; agency_id: string; display_name: string; email: string }[] =
      await managerOf(tx).query(
        `SELECT u.id, a.id AS agency_id, u.display_name, u.email
           FROM agencies a
           JOIN organizations o ON o.id = a.organization_id AND o.status = 'active'
           JOIN users u ON u.organization_id = a.organization_id
          WHERE a.id = ANY($1::uuid[]) AND u.role = 'le_liaison' AND u.status = 'active'
          ORDER BY a.id, u.display_name, u.id`,
        [agencyIds],
      );
    return rows.map((r) => ({
      id: r.id,
      agencyId: r.agency_id,
      displayName: r.display_name,
      email: r.email,
    }));
  }

  /** With `lock`, the row stays locked (FOR UPDATE) until the transaction ends. */
  async findById(
    tx: Tx,
    id: string,
    options: { lock: boolean } = { lock: false },
  ): Promise<AgencyEntity | null> {
    const m = managerOf(tx);
    return options.lock
      ? m.findOne(AgencyEntity, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : m.findOneBy(AgencyEntity, { id });
  }

  /** The row as stored (defaults and version included), after a write of this transaction. */
  async reload(tx: Tx, id: string): Promise<AgencyEntity> {
    return managerOf(tx).findOneByOrFail(AgencyEntity, { id });
  }

  async existsForOrganization(tx: Tx, organizationId: string): Promise<boolean> {
    return managerOf(tx).existsBy(AgencyEntity, { organizationId });
  }

  /** The active fallback agency other than `exceptId`, if any. */
  async activeFallback(
    tx: Tx,
    exceptId: string | null,
  ): Promise<{ id: string; name: string } | null> {
    return managerOf(tx).findOne(AgencyEntity, {
      where: { isFallback: true, active: true, ...(exceptId ? { id: Not(exceptId) } : {}) },
      select: { id: true, name: true },
    });
  }

  /**
   * Fails on agencies_organization_id_key (the organization has an agency) or
   * agencies_single_fallback_idx (a second active fallback).
   */
  async insert(tx: Tx, values: NewAgency): Promise<void> {
    const m = managerOf(tx);
    await m.insert(AgencyEntity, m.create(AgencyEntity, values));
  }

  /** Write back a row read (and locked) in this transaction; same unique indexes as insert. */
  async save(tx: Tx, agency: AgencyEntity): Promise<void> {
    await managerOf(tx).save(agency);
  }

  /** The agency covers exactly `codes` (duplicates ignored) from now on. */
  async replaceCoverage(tx: Tx, agencyId: string, codes: readonly string[]): Promise<void> {
    const m = managerOf(tx);
    await m.delete(AgencyCoverageEntity, { agencyId });
    const unique = [...new Set(codes)];
    if (unique.length > 0) {
      await m.insert(
        AgencyCoverageEntity,
        unique.map((jurisdictionCode) => ({ agencyId, jurisdictionCode })),
      );
    }
  }

  /** Each agency's covered codes in code order (agencies covering none are absent). */
  async coverageOf(tx: Tx, agencyIds: readonly string[]): Promise<Map<string, string[]>> {
    const byAgency = new Map<string, string[]>();
    if (agencyIds.length === 0) return byAgency;
    const rows = await managerOf(tx).find(AgencyCoverageEntity, {
      where: { agencyId: In([...agencyIds]) },
      order: { jurisdictionCode: 'ASC' },
    });
    for (const row of rows) {
      byAgency.set(row.agencyId, [...(byAgency.get(row.agencyId) ?? []), row.jurisdictionCode]);
    }
    return byAgency;
  }

  /** Id, name and whether active, of the agencies among `ids` that exist. */
  async namesAndStatus(
    tx: Tx,
    ids: readonly string[],
  ): Promise<{ id: string; name: string; active: boolean }[]> {
    return managerOf(tx).find(AgencyEntity, {
      where: { id: In([...ids]) },
      select: { id: true, name: true, active: true },
    });
  }

  /** The active agencies with what each covers. */
  async activeForRouting(tx: Tx): Promise<AgencyForRouting[]> {
    const m = managerOf(tx);
    const agencies = await m.find(AgencyEntity, {
      where: { active: true },
      select: { id: true, name: true, isFallback: true },
    });
    if (agencies.length === 0) return [];
    const coverage = await m.find(AgencyCoverageEntity, {
      where: { agencyId: In(agencies.map((a) => a.id)) },
    });
    return agencies.map((a) => ({
      id: a.id,
      name: a.name,
      isFallback: a.isFallback,
      coverage: coverage.filter((c) => c.agencyId === a.id).map((c) => c.jurisdictionCode),
    }));
  }

  /**
   * Kind and status of the organization an agency would belong to, or null when
   * it does not exist or lies outside `scope`.
   */
  async prospectiveOwner(
    tx: Tx,
    scope: RecordScope,
    organizationId: string,
  ): Promise<{ kind: OrganizationKind; status: OrganizationStatus } | null> {
    if (scope.reach === 'none') return null;
    if (scope.reach !== 'all' && scope.organizationId !== organizationId) return null;
    return managerOf(tx).findOneBy(OrganizationEntity, { id: organizationId });
  }
}
