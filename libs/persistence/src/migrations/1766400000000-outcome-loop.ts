import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outcome loop back to the filing members.
 *
 * Dispatches gain `share_case_number_with_filers`: whether the agency's
 * latest outcome report lets the filing members see its own case number
 * (false unless the agency says so; each report states it again).
 *
 * Agency questions: a liaison's question to the filing member of one referral
 * of a dispatched case, brokered by the coalition. The row keeps who asked and
 * who answered for coordinators and the audit trail; what each side is shown
 * is decided by the API (the liaison never learns the member's identity unless
 * it opted in to be named). One answer per question, given once.
 */
export class OutcomeLoop1766400000000 implements MigrationInterface {
  name = 'OutcomeLoop1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE dispatches
         ADD COLUMN share_case_number_with_filers boolean NOT NULL DEFAULT false`,
    );
    await q.query(`
      CREATE TABLE agency_questions (
        id uuid PRIMARY KEY,
        dispatch_id uuid NOT NULL REFERENCES dispatches (id),
        referral_id uuid NOT NULL REFERENCES referrals (id),
        asked_by uuid NOT NULL REFERENCES users (id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
        answer text CHECK (answer IS NULL OR length(answer) BETWEEN 1 AND 4000),
        answered_by uuid REFERENCES users (id),
        answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'answered') = (answer IS NOT NULL AND answered_by IS NOT NULL
                                        AND answered_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX agency_questions_dispatch_idx ON agency_questions (dispatch_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX agency_questions_referral_idx ON agency_questions (referral_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX agency_questions_created_idx ON agency_questions (created_at, id)`);
    // The coordinators' outcome counts read dispatches by when the outcome was reported.
    await q.query(
      `CREATE INDEX dispatches_outcome_at_idx ON dispatches (outcome_at) WHERE outcome IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dispatches_outcome_at_idx`);
    await q.query(`DROP TABLE agency_questions`);
    await q.query(`ALTER TABLE dispatches DROP COLUMN share_case_number_with_filers`);
  }
}
