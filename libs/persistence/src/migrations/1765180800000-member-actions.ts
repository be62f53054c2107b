import type { MigrationInterface, QueryRunner } from 'typeorm';

const ACTIONS = `'terminated_relationship', 'suspended_processing', 'listed_on_card_network_file',
  'blocked_payments', 'enhanced_monitoring', 'other'`;
const ALERT_KINDS_BEFORE = `'sla_breach', 'delivery_failed', 'hold_expired'`;

/**
 * Member actions: what a filing member did about the merchant of a submitted
 * referral (terminated it, listed it on a card-network file, ...), on which
 * day, with an optional note, recorded by whom (a user, or a user's API key).
 * Append-only: a wrong entry is corrected by recording another one, so updates
 * and deletes are refused by a trigger. Deliberately no column says whether a
 * suspicious activity report was filed (hard rule 3).
 *
 * Alerts gain the kind `terminated_despite_hold`: a member recorded
 * terminating the merchant while a do_not_terminate hold was active.
 */
export class MemberActions1765180800000 implements MigrationInterface {
  name = 'MemberActions1765180800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE member_actions (
        id uuid PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referrals (id),
        organization_id uuid NOT NULL REFERENCES organizations (id),
        action text NOT NULL CHECK (action IN (${ACTIONS})),
        done_on date NOT NULL CHECK (done_on >= DATE '1900-01-01'),
        note text CHECK (note IS NULL OR length(note) BETWEEN 1 AND 2000),
        recorded_by uuid NOT NULL REFERENCES users (id),
        api_key_id uuid REFERENCES api_keys (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (action <> 'other' OR note IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX member_actions_referral_idx ON member_actions (referral_id, created_at, id)`,
    );
    await q.query(`
      CREATE FUNCTION member_actions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'member_actions is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER member_actions_no_update_delete
        BEFORE UPDATE OR DELETE ON member_actions
        FOR EACH ROW EXECUTE FUNCTION member_actions_append_only()`);
    await q.query(`
      CREATE TRIGGER member_actions_no_truncate
        BEFORE TRUNCATE ON member_actions
        FOR EACH STATEMENT EXECUTE FUNCTION member_actions_append_only()`);

    await q.query(`ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check`);
    await q.query(
      `ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check
         CHECK (kind IN (${ALERT_KINDS_BEFORE}, 'terminated_despite_hold'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM alerts WHERE kind = 'terminated_despite_hold'`);
    await q.query(`ALTER TABLE alerts DROP CONSTRAINT alerts_kind_check`);
    await q.query(
      `ALTER TABLE alerts ADD CONSTRAINT alerts_kind_check CHECK (kind IN (${ALERT_KINDS_BEFORE}))`,
    );
    await q.query(`DROP TABLE member_actions`);
    await q.query(`DROP FUNCTION member_actions_append_only()`);
  }
}
