import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: what each person is told, and the mail that tells them.
 *
 * `notifications`: one row per event and recipient (the event is the outbox
 * row that asked for it, so a replayed job writes nothing twice). A row holds a
 * reference, a console path and the TLP marking, never case content. `mode` is
 * the recipient's choice when it was written: mailed at once, kept for the
 * daily digest (`digested_at` set once a digest took it), or not mailed.
 *
 * `notification_preferences`: a person's choice per kind; no row is the default.
 *
 * `mail_deliveries`: one row per mail, rendered when written (so a retry sends
 * the same bytes under the same Message-ID), unique per `dedupe_key`; `sent_at`
 * is set once the SMTP server accepted it, and a sent row is never sent again.
 */
export class Notifications1766500000000 implements MigrationInterface {
  name = 'Notifications1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id),
        kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
        reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 64),
        path text NOT NULL CHECK (length(path) BETWEEN 1 AND 200),
        tlp text,
        mode text NOT NULL CHECK (mode IN ('immediate', 'digest', 'off')),
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        digested_at timestamptz,
        UNIQUE (event_id, user_id)
      )`);
    await q.query(
      `CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL`,
    );
    await q.query(
      `CREATE INDEX notifications_digest_idx ON notifications (user_id)
         WHERE mode = 'digest' AND digested_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid NOT NULL REFERENCES users (id),
        kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
        mode text NOT NULL CHECK (mode IN ('immediate', 'digest', 'off')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind)
      )`);
    await q.query(`
      CREATE TABLE mail_deliveries (
        id uuid PRIMARY KEY,
        dedupe_key text NOT NULL UNIQUE CHECK (length(dedupe_key) BETWEEN 1 AND 200),
        user_id uuid REFERENCES users (id),
        to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX mail_deliveries_pending_idx ON mail_deliveries (created_at) WHERE sent_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mail_deliveries`);
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`DROP TABLE notifications`);
  }
}
