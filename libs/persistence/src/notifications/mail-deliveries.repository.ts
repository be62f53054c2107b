import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A mail to send, rendered in full. */
export interface NewMailDelivery {
  /** One mail per key: `n:<notification>`, `c:<event>` (an agency's contact), `d:<user>:<first>`. */
  dedupeKey: string;
  userId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailDeliveryRow {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  sent_at: Date | null;
}

/**
 * Mails owed and sent. A row is written with the event that owes it and sent
 * by its own job; `sent_at` is the record that it left, and a sent row is
 * never sent again.
 */
@Injectable()
export class MailDeliveriesRepository {
  /** Write the delivery; null when one with the key exists already. */
  async add(tx: Tx, mail: NewMailDelivery): Promise<string | null> {
    const rows = await managerOf(tx).query<{ id: string }[]>(
      `INSERT INTO mail_deliveries (id, dedupe_key, user_id, to_address, subject, text_body, html_body)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING id`,
      [randomUUID(), mail.dedupeKey, mail.userId, mail.to, mail.subject, mail.text, mail.html],
    );
    return rows[0]?.id ?? null;
  }

  async one(tx: Tx, id: string): Promise<MailDeliveryRow | null> {
    const [row] = await managerOf(tx).query<MailDeliveryRow[]>(
      `SELECT id, to_address, subject, text_body, html_body, attempts, sent_at
         FROM mail_deliveries WHERE id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** Record that the SMTP server accepted it; false when another run did first. */
  async markSent(tx: Tx, id: string): Promise<boolean> {
    const [, count] = await managerOf(tx).query<[unknown, number]>(
      `UPDATE mail_deliveries SET sent_at = now(), attempts = attempts + 1, last_error = NULL
        WHERE id = $1 AND sent_at IS NULL`,
      [id],
    );
    return count > 0;
  }

  async markFailedAttempt(tx: Tx, id: string, error: string): Promise<void> {
    await managerOf(tx).query(
      `UPDATE mail_deliveries SET attempts = attempts + 1, last_error = $2
        WHERE id = $1 AND sent_at IS NULL`,
      [id, error.slice(0, 500)],
    );
  }
}
