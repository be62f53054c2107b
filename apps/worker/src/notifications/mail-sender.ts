import { AppConfig } from '@app/common';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import type { RenderedMail } from './mail-rendering';

/** A mail to send: one delivery row, sent under its own Message-ID. */
export interface OutgoingMail extends RenderedMail {
  deliveryId: string;
  to: string;
}

/** The domain of an address ("Hub <hub@x.example>" → x.example), for Message-IDs. */
export function mailDomain(from: string): string {
  const match = /@([^\s>]+)/.exec(from);
  return match ? match[1] : 'localhost';
}

/**
 * Sends mail over SMTP (SMTP_URL), or, without one, writes each mail as an
 * .eml file into the mail outbox folder (nodemailer's stream transport) and
 * logs where. A mail's Message-ID comes from its delivery row, so a mail sent
 * again after a crash carries the same id as the first.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private readonly transport: Transporter;
  private readonly from: string;
  private readonly domain: string;
  /** Set when mail goes to files rather than a server. */
  readonly outboxDir: string | null;

  constructor(config: AppConfig) {
    this.from = config.get('MAIL_FROM');
    this.domain = mailDomain(this.from);
    const smtpUrl = config.get('SMTP_URL');
    if (smtpUrl) {
      this.outboxDir = null;
      this.transport = createTransport(smtpUrl);
    } else {
      this.outboxDir = resolve(
        config.get('MAIL_OUTBOX_DIR') ?? join(config.get('DATA_DIR'), 'mail-outbox'),
      );
      this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      this.logger.warn(
        { outboxDir: this.outboxDir },
        'No SMTP_URL: notification mail is written as .eml files into the mail outbox folder',
      );
    }
  }

  messageId(deliveryId: string): string {
    return `<${deliveryId}@${this.domain}>`;
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = (await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: this.messageId(mail.deliveryId),
    })) as { message?: Buffer };
    if (this.outboxDir && info.message) {
      mkdirSync(this.outboxDir, { recursive: true });
      const file = join(this.outboxDir, `${mail.deliveryId}.eml`);
      writeFileSync(file, info.message);
      this.logger.log({ file, deliveryId: mail.deliveryId }, 'Mail written to the mail outbox');
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
