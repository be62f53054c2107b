import { NOTIFICATION_KINDS } from '@app/domain';
import { HEADLINES, renderDigestMail, renderNotificationMail } from './mail-rendering';

const BASE = 'https://hub.example/';

describe('notification mail', () => {
  it('should carry the reference, the marking and the link, in subject and both parts', () => {
    const mail = renderNotificationMail(
      {
        kind: 'info_request.created',
        reference: 'FCR-2026-000042',
        tlp: 'AMBER+STRICT',
        path: '/referrals/abc',
      },
      BASE,
    );
    expect(mail.subject).toBe(
      'A coordinator asked a question about your referral FCR-2026-000042 [TLP:AMBER+STRICT]',
    );
    expect(mail.text).toContain('Reference: FCR-2026-000042');
    expect(mail.text).toContain('TLP: AMBER+STRICT');
    expect(mail.text).toContain('https://hub.example/referrals/abc');
    expect(mail.html).toContain('href="https://hub.example/referrals/abc"');
    expect(mail.html).toContain('<strong>AMBER+STRICT</strong>');
  });

  it('should give a bare notice when there is no reference (a restricted dispatch’s contact)', () => {
    const mail = renderNotificationMail(
      { kind: 'dispatch.created', reference: null, tlp: null, path: null },
      BASE,
    );
    expect(mail.subject).toBe('A new dispatch was sent to your agency');
    expect(mail.text).not.toMatch(/DSP-|Reference|TLP/);
    expect(mail.text).toContain('https://hub.example/\n');
  });

  it('should have a headline for every kind, none of them naming content', () => {
    for (const kind of NOTIFICATION_KINDS) expect(HEADLINES[kind]).toMatch(/^[A-Z]/);
  });

  it('should escape what it puts into HTML', () => {
    const mail = renderNotificationMail(
      { kind: 'case.assigned', reference: 'CASE-<1>', tlp: null, path: '/cases/"x"' },
      BASE,
    );
    expect(mail.html).toContain('CASE-&lt;1&gt;');
    expect(mail.html).toContain('/cases/&quot;x&quot;');
  });

  it('should list every notification of a digest with its link', () => {
    const mail = renderDigestMail(
      [
        { kind: 'hold.placed', reference: 'FCR-2026-000001', tlp: 'AMBER', path: '/referrals/1' },
        { kind: 'outcome.recorded', reference: 'FCR-2026-000002', tlp: null, path: '/referrals/2' },
      ],
      BASE,
    );
    expect(mail.subject).toBe('Your daily digest: 2 notifications');
    expect(mail.text).toContain('FCR-2026-000001 [TLP:AMBER]');
    expect(mail.text).toContain('https://hub.example/referrals/2');
    expect(mail.html).toContain('href="https://hub.example/referrals/1"');
  });
});
