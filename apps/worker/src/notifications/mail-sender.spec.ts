import { AppConfig, validateEnvironment } from '@app/common';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailSender, mailDomain } from './mail-sender';

describe('MailSender without SMTP_URL', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'crh-mail-outbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const sender = () =>
    new MailSender(
      new AppConfig(
        validateEnvironment({
          MAIL_OUTBOX_DIR: dir,
          MAIL_FROM: 'Referral Hub <hub@coalition.example>',
          LOG_LEVEL: 'silent',
        }),
      ),
    );

  it('should write each mail as an .eml file named by its delivery, with both parts and its Message-ID', async () => {
    const mail = sender();
    expect(mail.outboxDir).toBe(dir);
    await mail.send({
      deliveryId: '7d1e3c2a-0000-4000-8000-000000000001',
      to: 'officer@bank.example',
      subject: 'A case was assigned to you CASE-2026-000001',
      text: 'Open it: http://console.test/cases/1\n',
      html: '<p>Open it</p>',
    });
    expect(readdirSync(dir)).toEqual(['7d1e3c2a-0000-4000-8000-000000000001.eml']);
    const eml = readFileSync(join(dir, '7d1e3c2a-0000-4000-8000-000000000001.eml'), 'utf8');
    expect(eml).toContain('Message-ID: <7d1e3c2a-0000-4000-8000-000000000001@coalition.example>');
    expect(eml).toContain('Subject: A case was assigned to you CASE-2026-000001');
    expect(eml).toContain('text/plain');
    expect(eml).toContain('text/html');
  });

  it('should take the Message-ID domain from the sender address', () => {
    expect(mailDomain('Hub <hub@x.example>')).toBe('x.example');
    expect(mailDomain('no-address')).toBe('localhost');
  });
});
