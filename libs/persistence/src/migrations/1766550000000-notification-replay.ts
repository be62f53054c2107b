import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the reconciler needs to replay notification work whose job Redis lost.
 *
 * `notification_events`: the id of each notification event (its outbox row's
 * id) once processed, written in the transaction that writes its notification
 * rows. An event may tell nobody, so the notification rows cannot say whether
 * it ran. Rows older than the outbox's retention are purged with it.
 *
 * `mail_deliveries.given_up_at`: set once a delivery used all its attempts
 * unsent; the reconciler then stops replaying it and reports it once.
 *
 * Two partial indexes let the reconciler find event rows and a delivery's
 * `send-mail` rows without reading the whole outbox.
 */
export class NotificationReplay1766550000000 implements MigrationInterface {
  name = 'NotificationReplay1766550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification_events (
        event_id uuid PRIMARY KEY,
        processed_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Events that told someone ran; the rest are replayed once, telling nobody twice.
    await q.query(
      `INSERT INTO notification_events (event_id, processed_at)
       SELECT event_id, min(created_at) FROM notifications GROUP BY event_id`,
    );
    await q.query(`ALTER TABLE mail_deliveries ADD COLUMN given_up_at timestamptz`);
    await q.query(
      `CREATE INDEX outbox_notification_events_idx ON outbox (created_at)
         WHERE queue = 'notifications' AND job_name = 'event'`,
    );
    await q.query(
      `CREATE INDEX outbox_send_mail_idx ON outbox ((payload->>'deliveryId'), created_at)
         WHERE queue = 'notifications' AND job_name = 'send-mail'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_send_mail_idx`);
    await q.query(`DROP INDEX outbox_notification_events_idx`);
    await q.query(`ALTER TABLE mail_deliveries DROP COLUMN given_up_at`);
    await q.query(`DROP TABLE notification_events`);
  }
}
