import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The referral list reads one page by one index scan whatever the caller's
 * reach and status filter: each index starts with the equality columns of a
 * (reach, filter) pair and ends in the (created_at, id) keyset order, so the
 * scan starts at the cursor and stops after the page, without a sort.
 *
 * - coordinators, all referrals: (created_at, id);
 * - coordinators by status: referrals_status_idx (exists);
 * - a member admin, their organization: referrals_organization_idx (exists);
 * - a member admin by status: (organization_id, status, created_at, id);
 * - a reporter, their own: (organization_id, created_by, created_at, id), with
 *   status last so a status filter is checked in the index, not in the table
 *   (one person's referrals are few enough to walk).
 *
 * The count of other organizations on each listed referral's case reads
 * referrals by case_id; carrying organization_id and status in that index
 * answers it from the index alone.
 *
 * The coordinators' case inbox pages in (priority, created_at, id) order: one
 * index for every status, and the status index gains id, its tie-breaker.
 *
 * The dispatch list pages in (created_at, id) order: for coordinators with and
 * without a status filter, and for a liaison's agency without one
 * (dispatches_agency_idx already serves agency and status).
 */
export class ReferralListingIndexes1765785600000 implements MigrationInterface {
  name = 'ReferralListingIndexes1765785600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX referrals_created_idx ON referrals (created_at, id)`);
    await q.query(
      `CREATE INDEX referrals_organization_status_idx
         ON referrals (organization_id, status, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX referrals_owner_idx
         ON referrals (organization_id, created_by, created_at, id, status)`,
    );
    await q.query(`DROP INDEX referrals_case_idx`);
    await q.query(
      `CREATE INDEX referrals_case_idx ON referrals (case_id) INCLUDE (organization_id, status)`,
    );
    await q.query(`CREATE INDEX cases_inbox_idx ON cases (priority, created_at, id)`);
    await q.query(`DROP INDEX cases_status_idx`);
    await q.query(`CREATE INDEX cases_status_idx ON cases (status, priority, created_at, id)`);
    await q.query(`CREATE INDEX dispatches_created_idx ON dispatches (created_at, id)`);
    await q.query(
      `CREATE INDEX dispatches_status_created_idx ON dispatches (status, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX dispatches_agency_created_idx ON dispatches (agency_id, created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dispatches_agency_created_idx`);
    await q.query(`DROP INDEX dispatches_status_created_idx`);
    await q.query(`DROP INDEX dispatches_created_idx`);
    await q.query(`DROP INDEX cases_status_idx`);
    await q.query(`CREATE INDEX cases_status_idx ON cases (status, priority, created_at)`);
    await q.query(`DROP INDEX cases_inbox_idx`);
    await q.query(`DROP INDEX referrals_case_idx`);
    await q.query(`CREATE INDEX referrals_case_idx ON referrals (case_id)`);
    await q.query(`DROP INDEX referrals_owner_idx`);
    await q.query(`DROP INDEX referrals_organization_status_idx`);
    await q.query(`DROP INDEX referrals_created_idx`);
  }
}
