import type { OrganizationKind, OrganizationStatus, RecordScope } from '@app/domain';
import type { AgencyEntity, JurisdictionEntity, StoredMerchant } from '../entities';
import type { Tx } from '../unit-of-work/tx';
import type {
  AgenciesRepository,
  AgencyForRouting,
  AgencyLiaison,
  NewAgency,
} from './agencies.repository';
import type { JurisdictionsRepository, NewJurisdiction } from './jurisdictions.repository';
import type { RoutingRepository } from './routing.repository';

/** The error PostgreSQL raises on a unique index, as isUniqueViolation reads it. */
function uniqueViolation(constraint: string): Error {
  return Object.assign(
    new Error(`duplicate key value violates unique constraint "${constraint}"`),
    {
      code: '23505',
      constraint,
    },
  );
}

const stamp = { createdAt: new Date(0), updatedAt: new Date(0) };

/** JurisdictionsRepository over a Map, for unit tests. */
export class InMemoryJurisdictionsRepository implements Pick<
  JurisdictionsRepository,
  keyof JurisdictionsRepository
> {
  readonly rows = new Map<string, JurisdictionEntity>();

  list(_tx: Tx): Promise<JurisdictionEntity[]> {
    return Promise.resolve(
      [...this.rows.values()].sort((a, b) => a.code.localeCompare(b.code)).map(copy),
    );
  }

  findByCode(_tx: Tx, code: string): Promise<JurisdictionEntity | null> {
    const row = this.rows.get(code);
    return Promise.resolve(row ? copy(row) : null);
  }

  reload(_tx: Tx, code: string): Promise<JurisdictionEntity> {
    const row = this.rows.get(code);
    if (!row) throw new Error(`No jurisdiction ${code}`);
    return Promise.resolve(copy(row));
  }

  insert(_tx: Tx, values: NewJurisdiction): Promise<void> {
    if (this.rows.has(values.code)) throw uniqueViolation('jurisdictions_pkey');
    this.rows.set(values.code, { ...values, ...stamp, version: 1 });
    return Promise.resolve();
  }

  save(_tx: Tx, jurisdiction: JurisdictionEntity): Promise<void> {
    this.rows.set(jurisdiction.code, { ...jurisdiction, version: jurisdiction.version + 1 });
    return Promise.resolve();
  }

  byCodes(_tx: Tx, codes: readonly string[]): Promise<JurisdictionEntity[]> {
    return Promise.resolve(
      codes.flatMap((c) => (this.rows.has(c) ? [copy(this.rows.get(c)!)] : [])),
    );
  }

  recordedCodes(_tx: Tx, codes: readonly string[]): Promise<string[]> {
    return Promise.resolve([...new Set(codes)].filter((c) => this.rows.has(c)));
  }
}

/** An organization as the in-memory agencies repository knows it. */
export interface InMemoryOrganization {
  id: string;
  kind: OrganizationKind;
  status: OrganizationStatus;
}

/**
 * AgenciesRepository over Maps, for unit tests. It enforces the two unique
 * indexes of the agencies table the way PostgreSQL reports them.
 */
export class InMemoryAgenciesRepository implements Pick<
  AgenciesRepository,
  keyof AgenciesRepository
> {
  readonly rows = new Map<string, AgencyEntity>();
  readonly coverage = new Map<string, string[]>();
  readonly organizations = new Map<string, InMemoryOrganization>();
  /** Active liaisons, as a test arranges them. */
  readonly liaisons: AgencyLiaison[] = [];

  activeLiaisons(_tx: Tx, agencyIds: readonly string[]): Promise<AgencyLiaison[]> {
    return Promise.resolve(this.liaisons.filter((l) => agencyIds.includes(l.agencyId)));
  }

  list(_tx: Tx, filter: { active?: boolean; jurisdiction?: string }): Promise<AgencyEntity[]> {
    return Promise.resolve(
      [...this.rows.values()]
        .filter((a) => filter.active === undefined || a.active === filter.active)
        .filter(
          (a) =>
            filter.jurisdiction === undefined ||
            (this.coverage.get(a.id) ?? []).includes(filter.jurisdiction),
        )
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map(copy),
    );
  }

  findById(_tx: Tx, id: string): Promise<AgencyEntity | null> {
    const row = this.rows.get(id);
    return Promise.resolve(row ? copy(row) : null);
  }

  reload(_tx: Tx, id: string): Promise<AgencyEntity> {
    const row = this.rows.get(id);
    if (!row) throw new Error(`No agency ${id}`);
    return Promise.resolve(copy(row));
  }

  existsForOrganization(_tx: Tx, organizationId: string): Promise<boolean> {
    return Promise.resolve(
      [...this.rows.values()].some((a) => a.organizationId === organizationId),
    );
  }

  activeFallback(_tx: Tx, exceptId: string | null): Promise<{ id: string; name: string } | null> {
    const found = [...this.rows.values()].find(
      (a) => a.isFallback && a.active && a.id !== exceptId,
    );
    return Promise.resolve(found ? { id: found.id, name: found.name } : null);
  }

  insert(_tx: Tx, values: NewAgency): Promise<void> {
    this.checkUnique(values);
    this.rows.set(values.id, { ...values, ...stamp, version: 1 });
    return Promise.resolve();
  }

  save(_tx: Tx, agency: AgencyEntity): Promise<void> {
    this.checkUnique(agency);
    this.rows.set(agency.id, { ...agency, version: agency.version + 1 });
    return Promise.resolve();
  }

  replaceCoverage(_tx: Tx, agencyId: string, codes: readonly string[]): Promise<void> {
    this.coverage.set(agencyId, [...new Set(codes)]);
    return Promise.resolve();
  }

  coverageOf(_tx: Tx, agencyIds: readonly string[]): Promise<Map<string, string[]>> {
    const byAgency = new Map<string, string[]>();
    for (const id of agencyIds) {
      const codes = this.coverage.get(id) ?? [];
      if (codes.length > 0) byAgency.set(id, [...codes].sort());
    }
    return Promise.resolve(byAgency);
  }

  namesAndStatus(
    _tx: Tx,
    ids: readonly string[],
  ): Promise<{ id: string; name: string; active: boolean }[]> {
    return Promise.resolve(
      [...this.rows.values()]
        // uuid columns compare without regard to case
        .filter((a) => ids.some((id) => id.toLowerCase() === a.id.toLowerCase()))
        .map((a) => ({ id: a.id, name: a.name, active: a.active })),
    );
  }

  activeForRouting(_tx: Tx): Promise<AgencyForRouting[]> {
    return Promise.resolve(
      [...this.rows.values()]
        .filter((a) => a.active)
        .map((a) => ({
          id: a.id,
          name: a.name,
          isFallback: a.isFallback,
          coverage: [...(this.coverage.get(a.id) ?? [])],
        })),
    );
  }

  prospectiveOwner(
    _tx: Tx,
    scope: RecordScope,
    organizationId: string,
  ): Promise<{ kind: OrganizationKind; status: OrganizationStatus } | null> {
    if (scope.reach === 'none') return Promise.resolve(null);
    if (scope.reach !== 'all' && scope.organizationId !== organizationId) {
      return Promise.resolve(null);
    }
    const org = this.organizations.get(organizationId);
    return Promise.resolve(org ? { kind: org.kind, status: org.status } : null);
  }

  private checkUnique(agency: NewAgency): void {
    for (const other of this.rows.values()) {
      if (other.id === agency.id) continue;
      if (other.organizationId === agency.organizationId) {
        throw uniqueViolation('agencies_organization_id_key');
      }
      if (agency.isFallback && agency.active && other.isFallback && other.active) {
        throw uniqueViolation('agencies_single_fallback_idx');
      }
    }
  }
}

/** A referral as the in-memory routing repository knows it. */
export interface InMemoryCaseReferral {
  id: string;
  caseId: string;
  organizationId: string;
  createdBy: string;
  status: string;
  merchant: StoredMerchant | null;
}

/** RoutingRepository over a list of referrals, for unit tests. */
export class InMemoryRoutingRepository implements Pick<RoutingRepository, keyof RoutingRepository> {
  readonly referrals: InMemoryCaseReferral[] = [];

  merchantsOfCase(
    _tx: Tx,
    scope: RecordScope,
    caseId: string,
    ignoredStatuses: readonly string[],
  ): Promise<StoredMerchant[]> {
    if (scope.reach === 'none') return Promise.resolve([]);
    return Promise.resolve(
      this.referrals
        .filter((r) => r.caseId === caseId && !ignoredStatuses.includes(r.status))
        .filter((r) => scope.reach === 'all' || r.organizationId === scope.organizationId)
        .filter((r) => scope.reach !== 'owner' || r.createdBy === scope.userId)
        .sort((a, b) => a.id.localeCompare(b.id))
        .flatMap((r) => (r.merchant ? [r.merchant] : [])),
    );
  }
}

function copy<T extends object>(row: T): T {
  return { ...row };
}
