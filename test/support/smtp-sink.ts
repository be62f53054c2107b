import { simpleParser } from 'mailparser';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * The run's mail server: a real SMTP server (smtp-server) on 127.0.0.1,
 * started by the global setup, that every app of the run sends to (see
 * environment.ts). One server for the run, because every worker's outbox
 * relay may take any event from the shared database: a mail is sent by
 * whichever worker ran its job, and must land in the same place.
 *
 * Each accepted mail is written as `<n>-<recipients>.eml` into the run's mail
 * folder (TEST_MAIL_DIR), which specs read with `receivedMails`. A recipient
 * whose address starts with `refuse-once` has each new Message-ID refused once
 * with 451 (a temporary failure, as greylisting answers), then accepted.
 */
export async function startRunMailServer(
  dir: string,
): Promise<{ url: string; close(): Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  const refused = new Set<string>();
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const messageId = /^message-id:\s*(\S+)/im.exec(raw.toString('utf8'))?.[1] ?? '';
        if (to.some((a) => a.startsWith('refuse-once')) && !refused.has(messageId)) {
          refused.add(messageId);
          callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        count += 1;
        writeFileSync(join(dir, `${String(count).padStart(6, '0')}.eml`), raw);
        writeFileSync(join(dir, `${String(count).padStart(6, '0')}.rcpt`), to.join('\n'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(dir, { recursive: true, force: true });
      }),
  };
}

/** A mail the run's server accepted, parsed with mailparser. */
export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** Every mail the run's server accepted so far, in the order received. */
export async function receivedMails(): Promise<ReceivedMail[]> {
  const dir = process.env.TEST_MAIL_DIR;
  if (!dir) throw new Error('The global setup did not start the mail server');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const parsed = await simpleParser(readFileSync(join(dir, file)));
      const to = readFileSync(join(dir, file.replace(/\.eml$/, '.rcpt')), 'utf8').split('\n');
      return {
        to,
        from: parsed.from?.text ?? '',
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
        messageId: parsed.messageId ?? '',
      };
    }),
  );
}

/** Mails to the address, in the order received. */
export async function mailsTo(address: string): Promise<ReceivedMail[]> {
  return (await receivedMails()).filter((m) => m.to.includes(address.toLowerCase()));
}
