import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A question before its first write: the database sets created_at and status. */
export interface NewAgencyQuestion {
  id: string;
  dispatchId: string;
  referralId: string;
  askedBy: string;
  body: string;
}

/**
 * A brokered question with everything any audience may be shown. Who sees
 * what is the API's decision (a liaison never gets the filing organization's
 * id, nor its name unless it opted in to be named): map field by field.
 */
export interface AgencyQuestionRecord {
  id: string;
  dispatchId: string;
  dispatchReference: string;
  agencyId: string;
  agency: string;
  referralId: string;
  referralReference: string;
  /** The filing organization. */
  organizationId: string;
  organizationName: string;
  namedInDispatches: boolean;
  body: string;
  askedBy: string;
  askedAt: Date;
  /** askedAt to the microsecond, for a keyset cursor. */
  askedKey: string;
  status: 'open' | 'answered';
  answer: string | null;
  answeredBy: string | null;
  answeredAt: Date | null;
}

/** The referral a question goes to, as the asking side may address it. */
export interface QuestionTarget {
  id: string;
  reference: string;
  status: string;
  caseId: string | null;
}

interface QuestionRow {
  id: string;
  dispatch_id: string;
  dispatch_reference: string;
  agency_id: string;
  agency: string;
  referral_id: string;
  referral_reference: string;
  organization_id: string;
  organization_name: string;
  named_in_dispatches: boolean;
  body: string;
  asked_by: string;
  created_at: Date;
  created_key: string;
  status: 'open' | 'answered';
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

/** Which questions a read selects; at least the caller's reach is always applied. */
export interface AgencyQuestionFilter {
  id?: string;
  dispatchId?: string;
  referralId?: string;
  status?: 'open' | 'answered';
  /** Keyset: questions asked strictly after this (created_at, id). */
  after?: { askedKey: string; id: string };
  take?: number;
}

/**
 * Agency questions: a liaison's question to the filer of one referral of a
 * dispatched case, and the filer's one answer. Reads take the caller's reach
 * over dispatches (liaisons: their agency's; coordinators: all) or over
 * referrals (filers: their own) as a required argument.
 */
@Injectable()
export class AgencyQuestionsRepository {
  /** The referral of `caseId` with this reference, if there is one. */
  async referralOfCase(tx: Tx, caseId: string, reference: string): Promise<QuestionTarget | null> {
    const rows: { id: string; reference: string; status: string; case_id: string | null }[] =
      await managerOf(tx).query(
        `SELECT id, reference, status, case_id FROM referrals WHERE reference = $1 AND case_id = $2`,
        [reference, caseId],
      );
    const row = rows[0];
    return row
      ? { id: row.id, reference: row.reference, status: row.status, caseId: row.case_id }
      : null;
  }

  /** Record a question on a dispatch the caller reached (AccessService, same transaction). */
  async ask(tx: Tx, question: NewAgencyQuestion): Promise<void> {
    await managerOf(tx).query(
      `INSERT INTO agency_questions (id, dispatch_id, referral_id, asked_by, body)
       VALUES ($1, $2, $3, $4, $5)`,
      [question.id, question.dispatchId, question.referralId, question.askedBy, question.body],
    );
  }

  /**
   * The question to a referral the caller reached, locked for its answer; null
   * when the question does not exist or is another referral's.
   */
  async lockOfReferral(
    tx: Tx,
    referralId: string,
    questionId: string,
  ): Promise<{ id: string; status: 'open' | 'answered'; dispatchId: string } | null> {
    const rows: { id: string; status: 'open' | 'answered'; dispatch_id: string }[] =
      await managerOf(tx).query(
        `SELECT id, status, dispatch_id FROM agency_questions
          WHERE id = $1 AND referral_id = $2 FOR UPDATE`,
        [questionId, referralId],
      );
    const row = rows[0];
    return row ? { id: row.id, status: row.status, dispatchId: row.dispatch_id } : null;
  }

  /** Record the one answer of an open question (locked by lockOfReferral). */
  async answer(
    tx: Tx,
    questionId: string,
    answer: { body: string; answeredBy: string; answeredAt: Date },
  ): Promise<void> {
    await managerOf(tx).query(
      `UPDATE agency_questions
          SET status = 'answered', answer = $2, answered_by = $3, answered_at = $4
        WHERE id = $1 AND status = 'open'`,
      [questionId, answer.body, answer.answeredBy, answer.answeredAt],
    );
  }

  /**
   * Questions within both reaches, oldest first: `dispatches` over the
   * dispatch's agency organization, `referrals` over the referral. Pass
   * SYSTEM_SCOPE for a side the caller reached already through AccessService.
   */
  async find(
    tx: Tx,
    reach: { dispatches: RecordScope; referrals: RecordScope },
    filter: AgencyQuestionFilter,
  ): Promise<AgencyQuestionRecord[]> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    where.push(scopeSql(reach.dispatches, 'a.organization_id', null, params));
    where.push(scopeSql(reach.referrals, 'r.organization_id', 'r.created_by', params));
    if (filter.id) add((n) => `q.id = $${n}`, filter.id);
    if (filter.dispatchId) add((n) => `q.dispatch_id = $${n}`, filter.dispatchId);
    if (filter.referralId) add((n) => `q.referral_id = $${n}`, filter.referralId);
    if (filter.status) add((n) => `q.status = $${n}`, filter.status);
    if (filter.after) {
      params.push(filter.after.askedKey, filter.after.id);
      where.push(
        `(q.created_at, q.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    const limit = filter.take ? `LIMIT ${Math.max(1, Math.floor(filter.take))}` : '';
    const rows: QuestionRow[] = await managerOf(tx).query(
      `SELECT q.id, q.dispatch_id, d.reference AS dispatch_reference, a.id AS agency_id,
              a.name AS agency, q.referral_id, r.reference AS referral_reference,
              o.id AS organization_id, o.legal_name AS organization_name, o.named_in_dispatches,
              q.body, q.asked_by, q.created_at, q.status,
              to_char(q.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_key, q.answer, q.answered_by, q.answered_at
         FROM agency_questions q
         JOIN dispatches d ON d.id = q.dispatch_id
         JOIN agencies a ON a.id = d.agency_id
         JOIN referrals r ON r.id = q.referral_id
         JOIN organizations o ON o.id = r.organization_id
        WHERE ${where.join(' AND ')}
        ORDER BY q.created_at, q.id
        ${limit}`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      dispatchId: row.dispatch_id,
      dispatchReference: row.dispatch_reference,
      agencyId: row.agency_id,
      agency: row.agency,
      referralId: row.referral_id,
      referralReference: row.referral_reference,
      organizationId: row.organization_id,
      organizationName: row.organization_name,
      namedInDispatches: row.named_in_dispatches,
      body: row.body,
      askedBy: row.asked_by,
      askedAt: new Date(row.created_at),
      askedKey: row.created_key,
      status: row.status,
      answer: row.answer,
      answeredBy: row.answered_by,
      answeredAt: row.answered_at ? new Date(row.answered_at) : null,
    }));
  }
}

/** A scope as a predicate on an owning organization column (and creator, for owner reach). */
function scopeSql(
  scope: RecordScope,
  organizationColumn: string,
  ownerColumn: string | null,
  params: unknown[],
): string {
  switch (scope.reach) {
    case 'all':
      return 'TRUE';
    case 'none':
      return 'FALSE';
    case 'organization':
      params.push(scope.organizationId);
      return `${organizationColumn} = $${params.length}`;
    case 'owner':
      if (ownerColumn === null) return 'FALSE';
      params.push(scope.organizationId, scope.userId);
      return `${organizationColumn} = $${params.length - 1} AND ${ownerColumn} = $${params.length}`;
  }
}
