import type { UserEntity } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { eventually } from '../support/eventually';
import { mailsTo, receivedMails, type ReceivedMail } from '../support/smtp-sink';

/** The console address test apps put in mail links (environment.ts). */
export const CONSOLE = 'http://console.test';

type Person = Pick<UserEntity, 'id' | 'email'>;

/** Wait for the person's mail whose subject names `reference` (and kind's words). */
export function mailArrives(person: Person, subjectPart: string): Promise<ReceivedMail> {
  return eventually(
    `a mail to ${person.email} about ${subjectPart}`,
    async () => (await mailsTo(person.email)).find((m) => m.subject.includes(subjectPart)),
    20_000,
  );
}

/** The people told of the kind about the reference (notification rows, the worker's record). */
export async function toldOf(ds: DataSource, kind: string, reference: string): Promise<string[]> {
  const rows = await ds.query<{ user_id: string }[]>(
    `SELECT user_id FROM notifications WHERE kind = $1 AND reference = $2 ORDER BY user_id`,
    [kind, reference],
  );
  return rows.map((r) => r.user_id);
}

/** Everything any of these people was mailed or told, for "nobody else" checks. */
export async function anythingFor(ds: DataSource, people: Person[]): Promise<unknown[]> {
  const addresses = people.map((p) => p.email.toLowerCase());
  const mails = (await receivedMails()).filter((m) => m.to.some((a) => addresses.includes(a)));
  const rows = await ds.query<unknown[]>(
    `SELECT kind, reference FROM notifications WHERE user_id = ANY($1::uuid[])`,
    [people.map((p) => p.id)],
  );
  const deliveries = await ds.query<unknown[]>(
    `SELECT to_address FROM mail_deliveries WHERE lower(to_address) = ANY($1::text[])`,
    [addresses],
  );
  return [...mails.map((m) => m.subject), ...rows, ...deliveries];
}

/** Case content a mail must never carry (the fixtures' narrative, merchant and question). */
export function expectNoCaseContent(mail: ReceivedMail, secrets: string[]): void {
  for (const secret of secrets) {
    expect(mail.subject).not.toContain(secret);
    expect(mail.text).not.toContain(secret);
    expect(mail.html).not.toContain(secret);
  }
}
