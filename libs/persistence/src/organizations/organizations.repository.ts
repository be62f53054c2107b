import type { Page } from '@app/common';
import type { OrganizationKind, OrganizationStatus, RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AccessLoader, Held } from '../access/record-access';
import { OrganizationEntity } from '../entities';
import { keysetPageByCreatedAt } from '../keyset-page';
import { managerOf, type Tx } from '../unit-of-work/tx';
import { assertInScope, whereInScope } from './scope';

export type NewOrganization = Omit<
  OrganizationEntity,
  'id' | 'createdAt' | 'updatedAt' | 'version'
>;

/** Organizations: the members, agencies' organizations and the coalition itself. */
@Injectable()
export class OrganizationsRepository implements AccessLoader<OrganizationEntity> {
  async loadForAccess(
    tx: Tx,
    id: string,
    options: { lock: boolean },
  ): Promise<Held<OrganizationEntity> | null> {
    const org = await managerOf(tx).findOne(OrganizationEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return org ? { record: org, organizationId: org.id } : null;
  }

  /** One page in creation order; an organization is within reach of its own scope. */
  list(
    tx: Tx,
    scope: RecordScope,
    filters: { kind?: OrganizationKind; status?: OrganizationStatus },
    page: { cursor?: string; limit?: number },
  ): Promise<Page<OrganizationEntity>> {
    const qb = managerOf(tx).getRepository(OrganizationEntity).createQueryBuilder('o');
    whereInScope(qb, scope, { organization: 'o.id' });
    if (filters.kind) qb.andWhere('o.kind = :kind', { kind: filters.kind });
    if (filters.status) qb.andWhere('o.status = :status', { status: filters.status });
    return keysetPageByCreatedAt(qb, page);
  }

  /**
   * A new organization. No scope: it belongs to no organization until it
   * exists, and only a caller whose organizations.manage reaches all may ask.
   */
  async create(tx: Tx, values: NewOrganization): Promise<OrganizationEntity> {
    const m = managerOf(tx);
    const entity = m.create(OrganizationEntity, { id: randomUUID(), ...values });
    await m.save(entity);
    return entity;
  }

  /** Write back an organization the caller holds (loaded and locked through AccessService). */
  async save(tx: Tx, scope: RecordScope, org: OrganizationEntity): Promise<void> {
    assertInScope(scope, org.id);
    await managerOf(tx).save(org);
  }

  /**
   * The organization of that legal name (any case) in that country, for the
   * first administrator's bootstrap: system work on an empty deployment.
   */
  async findByLegalName(
    tx: Tx,
    legalName: string,
    country: string,
  ): Promise<{ id: string; kind: string } | null> {
    const rows: { id: string; kind: string }[] = await managerOf(tx).query(
      `SELECT id, kind FROM organizations WHERE lower(legal_name) = lower($1) AND country = $2`,
      [legalName, country],
    );
    return rows[0] ?? null;
  }

  /** The coalition organization, created active by the bootstrap (system work). */
  async insertCoalition(tx: Tx, id: string, legalName: string, country: string): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO organizations (id, kind, legal_name, country, status) VALUES ($1, 'coalition', $2, $3, 'active')`,
      [id, legalName, country],
    );
  }
}
