import type { RecordScope, SearchMatch } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { OrganizationEntity, UserEntity } from '../entities';
import { whereInScope } from '../organizations/scope';
import { managerOf, type Tx } from '../unit-of-work/tx';

export interface OrganizationSearchRow {
  readonly id: string;
  readonly legalName: string;
  readonly kind: string;
  readonly country: string;
  readonly status: string;
  readonly match: SearchMatch;
  readonly score: number;
}

export interface UserSearchRow {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly role: string;
  readonly status: string;
  readonly organizationId: string;
  readonly organizationName: string;
  readonly match: SearchMatch;
  readonly score: number;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Organizations and people by name or e-mail address, each through the same
 * scope condition as its list (whereInScope): an exact e-mail address first,
 * then names that contain the text or are trigram-similar to it.
 */
@Injectable()
export class DirectorySearchRepository {
  async organizations(
    tx: Tx,
    scope: RecordScope,
    text: string,
    limit: number,
  ): Promise<OrganizationSearchRow[]> {
    const qb = managerOf(tx)
      .getRepository(OrganizationEntity)
      .createQueryBuilder('o')
      .select(['o.id AS id', 'o.legal_name AS legal_name', 'o.kind AS kind'])
      .addSelect(['o.country AS country', 'o.status AS status'])
      .addSelect(
        `GREATEST(word_similarity(lower(:text), lower(o.legal_name)),
                  CASE WHEN o.legal_name ILIKE :contains THEN 1 ELSE 0 END)::float8`,
        'score',
      )
      .where(
        `(o.legal_name ILIKE :contains OR word_similarity(lower(:text), lower(o.legal_name)) >= 0.5)`,
      )
      .setParameters({ text, contains: `%${likeLiteral(text)}%` });
    whereInScope(qb, scope, { organization: 'o.id' });
    const rows: {
      id: string;
      legal_name: string;
      kind: string;
      country: string;
      status: string;
      score: number;
    }[] = await qb.orderBy('score', 'DESC').addOrderBy('o.legal_name').limit(limit).getRawMany();
    return rows.map((r) => ({
      id: r.id,
      legalName: r.legal_name,
      kind: r.kind,
      country: r.country,
      status: r.status,
      match: 'name',
      score: Number(r.score),
    }));
  }

  async users(tx: Tx, scope: RecordScope, text: string, limit: number): Promise<UserSearchRow[]> {
    const email = text.toLowerCase();
    const qb = managerOf(tx)
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .innerJoin(OrganizationEntity, 'o', 'o.id = u.organization_id')
      .select(['u.id AS id', 'u.display_name AS display_name', 'u.email AS email'])
      .addSelect(['u.role AS role', 'u.status AS status', 'u.organization_id AS organization_id'])
      .addSelect('o.legal_name', 'organization_name')
      .addSelect(
        `CASE WHEN u.email_normalized = :email THEN 2
              ELSE GREATEST(word_similarity(lower(:text), lower(u.display_name)),
                            CASE WHEN u.display_name ILIKE :contains OR u.email_normalized LIKE :emailStart
                                 THEN 1 ELSE 0 END) END::float8`,
        'score',
      )
      .where(
        `(u.email_normalized = :email OR u.email_normalized LIKE :emailStart
          OR u.display_name ILIKE :contains
          OR word_similarity(lower(:text), lower(u.display_name)) >= 0.5)`,
      )
      .setParameters({
        text,
        email,
        contains: `%${likeLiteral(text)}%`,
        emailStart: `${likeLiteral(email)}%`,
      });
    whereInScope(qb, scope, { organization: 'u.organization_id' });
    const rows: {
      id: string;
      display_name: string;
      email: string;
      role: string;
      status: string;
      organization_id: string;
      organization_name: string;
      score: number;
    }[] = await qb.orderBy('score', 'DESC').addOrderBy('u.display_name').limit(limit).getRawMany();
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      email: r.email,
      role: r.role,
      status: r.status,
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      match: Number(r.score) >= 2 ? 'identifier' : 'name',
      score: Number(r.score),
    }));
  }
}
