import type { NotificationCandidate, Role } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A referral as a notification needs it: who filed it and its marking. */
export interface ReferralFacts {
  id: string;
  reference: string;
  organizationId: string;
  createdBy: string;
  tlp: string | null;
}

export interface InfoRequestFacts {
  id: string;
  status: string;
  caseId: string;
  askedBy: string;
  referral: ReferralFacts;
}

export interface DispatchFacts {
  id: string;
  reference: string;
  status: string;
  tlp: string | null;
  caseId: string;
  agencyOrganizationId: string;
  contactEmail: string | null;
  namedLiaisonIds: string[] | null;
}

export interface HoldFacts {
  id: string;
  status: string;
  caseId: string;
  dispatchId: string;
  expiresAt: Date;
}

export interface CaseFacts {
  id: string;
  reference: string;
  tlp: string | null;
  status: string;
  assigneeId: string | null;
  proposedBy: string | null;
}

/** A person who may be told, with the address their mail goes to. */
export interface CandidateRow extends NotificationCandidate {
  email: string;
}

interface UserRow {
  id: string;
  role: Role;
  organization_id: string;
  status: string;
  email: string;
}

const REFERRAL_COLUMNS = `r.id, r.reference, r.organization_id, r.created_by, r.tlp`;
const referralOf = (r: Record<string, unknown>): ReferralFacts => ({
  id: r.id as string,
  reference: r.reference as string,
  organizationId: r.organization_id as string,
  createdBy: r.created_by as string,
  tlp: (r.tlp as string | null) ?? null,
});
const candidateOf = (u: UserRow): CandidateRow => ({
  id: u.id,
  role: u.role,
  organizationId: u.organization_id,
  active: u.status === 'active',
  email: u.email,
});

/**
 * What the notification worker reads to decide who is told of an event: the
 * records an event names and the people who might read them. System work:
 * who may actually read each record is decided by the domain's single scope
 * check (eligibleRecipients), not here.
 */
@Injectable()
export class NotificationFactsRepository {
  async infoRequest(tx: Tx, id: string): Promise<InfoRequestFacts | null> {
    const [row] = await managerOf(tx).query<Record<string, unknown>[]>(
      `SELECT i.id AS request_id, i.status AS request_status, i.case_id, i.asked_by, ${REFERRAL_COLUMNS}
         FROM info_requests i JOIN referrals r ON r.id = i.referral_id
        WHERE i.id = $1`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.request_id as string,
      status: row.request_status as string,
      caseId: row.case_id as string,
      askedBy: row.asked_by as string,
      referral: referralOf(row),
    };
  }

  async dispatch(tx: Tx, id: string): Promise<DispatchFacts | null> {
    const [row] = await managerOf(tx).query<Record<string, unknown>[]>(
      `SELECT d.id, d.reference, d.status, d.tlp, d.case_id, d.named_liaison_ids,
              a.organization_id, a.contact_email
         FROM dispatches d JOIN agencies a ON a.id = d.agency_id
        WHERE d.id = $1`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.id as string,
      reference: row.reference as string,
      status: row.status as string,
      tlp: (row.tlp as string | null) ?? null,
      caseId: row.case_id as string,
      agencyOrganizationId: row.organization_id as string,
      contactEmail: (row.contact_email as string | null) ?? null,
      namedLiaisonIds: (row.named_liaison_ids as string[] | null) ?? null,
    };
  }

  async hold(tx: Tx, id: string): Promise<HoldFacts | null> {
    const [row] = await managerOf(tx).query<Record<string, unknown>[]>(
      `SELECT id, status, case_id, dispatch_id, expires_at FROM holds WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.id as string,
      status: row.status as string,
      caseId: row.case_id as string,
      dispatchId: row.dispatch_id as string,
      expiresAt: row.expires_at as Date,
    };
  }

  async caseOf(tx: Tx, id: string): Promise<CaseFacts | null> {
    const [row] = await managerOf(tx).query<Record<string, unknown>[]>(
      `SELECT id, reference, tlp, status, assignee_id, proposed_by FROM cases WHERE id = $1`,
      [id],
    );
    if (!row) return null;
    return {
      id: row.id as string,
      reference: row.reference as string,
      tlp: (row.tlp as string | null) ?? null,
      status: row.status as string,
      assigneeId: (row.assignee_id as string | null) ?? null,
      proposedBy: (row.proposed_by as string | null) ?? null,
    };
  }

  /** The case a service-level clock runs on, and whether it is breached. */
  async clock(tx: Tx, id: string): Promise<{ caseId: string; status: string } | null> {
    const [row] = await managerOf(tx).query<{ case_id: string; status: string }[]>(
      `SELECT case_id, status FROM sla_clocks WHERE id = $1`,
      [id],
    );
    return row ? { caseId: row.case_id, status: row.status } : null;
  }

  /** The case's referrals that still count (not withdrawn), oldest first. */
  async caseReferrals(tx: Tx, caseId: string): Promise<ReferralFacts[]> {
    const rows = await managerOf(tx).query<Record<string, unknown>[]>(
      `SELECT ${REFERRAL_COLUMNS} FROM referrals r
        WHERE r.case_id = $1 AND r.status <> 'withdrawn'
        ORDER BY r.created_at, r.id`,
      [caseId],
    );
    return rows.map(referralOf);
  }

  /** Every user of the organizations. */
  async usersOf(tx: Tx, organizationIds: readonly string[]): Promise<CandidateRow[]> {
    if (organizationIds.length === 0) return [];
    const rows = await managerOf(tx).query<UserRow[]>(
      `SELECT id, role, organization_id, status, email FROM users
        WHERE organization_id = ANY($1::uuid[]) ORDER BY created_at, id`,
      [organizationIds],
    );
    return rows.map(candidateOf);
  }

  /** Every user holding one of the roles. */
  async usersWithRoles(tx: Tx, roles: readonly Role[]): Promise<CandidateRow[]> {
    const rows = await managerOf(tx).query<UserRow[]>(
      `SELECT id, role, organization_id, status, email FROM users
        WHERE role = ANY($1::text[]) ORDER BY created_at, id`,
      [roles],
    );
    return rows.map(candidateOf);
  }
}
