import type { NotificationKind } from '@app/domain';

/** A mail ready to send: subject, text and HTML parts. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** One notification as a mail shows it: what happened, the reference, the marking, the link. */
export interface MailItem {
  kind: NotificationKind;
  /** FCR-, CASE- or DSP- reference; null for an agency contact's notice of a restricted dispatch. */
  reference: string | null;
  tlp: string | null;
  /** Console path of the page (`/cases/…`); the console's start page when null. */
  path: string | null;
}

/**
 * What happened, in words that name nothing of the case: a mail may pass
 * through servers the coalition does not control, so it carries the
 * reference, the TLP marking and a link to the console, never content.
 */
export const HEADLINES: Readonly<Record<NotificationKind, string>> = {
  'info_request.created': 'A coordinator asked a question about your referral',
  'info_request.answered': 'The filing member answered your information request',
  'dispatch.created': 'A new dispatch was sent to your agency',
  'dispatch.ack_due': 'A dispatch is near its acknowledge-by deadline',
  'hold.placed': 'An agency placed a hold on a case your referral is part of',
  'hold.renewed': 'An agency renewed a hold on a case your referral is part of',
  'hold.expiring': 'A hold on a case your referral is part of expires soon',
  'outcome.recorded': 'An agency recorded an outcome on a case your referral is part of',
  'case.assigned': 'A case was assigned to you',
  'approval.waiting': 'A routing waits for a lead coordinator’s approval',
  'sla.breached': 'A service-level deadline was missed',
};

const PRODUCT = 'Coalition Referral Hub';

function linkOf(baseUrl: string, path: string | null): string {
  return `${baseUrl.replace(/\/+$/, '')}${path ?? '/'}`;
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function marking(tlp: string | null): string {
  return tlp ? ` [TLP:${tlp}]` : '';
}

function footer(baseUrl: string): { text: string; html: string } {
  const settings = linkOf(baseUrl, '/notifications');
  return {
    text: `You receive this mail from the ${PRODUCT}. Choose which mails you get: ${settings}`,
    html: `<p style="color:#555;font-size:12px">You receive this mail from the ${PRODUCT}. <a href="${escapeHtml(settings)}">Choose which mails you get</a>.</p>`,
  };
}

/** One notification's mail. */
export function renderNotificationMail(item: MailItem, baseUrl: string): RenderedMail {
  const headline = HEADLINES[item.kind];
  const link = linkOf(baseUrl, item.path);
  const reference = item.reference ? ` ${item.reference}` : '';
  const lines = [
    `${headline}.`,
    '',
    ...(item.reference ? [`Reference: ${item.reference}`] : []),
    ...(item.tlp ? [`TLP: ${item.tlp}`] : []),
    `Open it in the ${PRODUCT}: ${link}`,
    '',
    footer(baseUrl).text,
  ];
  const details = [
    ...(item.reference
      ? [`<li>Reference: <strong>${escapeHtml(item.reference)}</strong></li>`]
      : []),
    ...(item.tlp ? [`<li>TLP: <strong>${escapeHtml(item.tlp)}</strong></li>`] : []),
  ];
  return {
    subject: `${headline}${reference}${marking(item.tlp)}`,
    text: `${lines.join('\n')}\n`,
    html: page(
      `<p>${escapeHtml(headline)}.</p>` +
        (details.length ? `<ul>${details.join('')}</ul>` : '') +
        `<p><a href="${escapeHtml(link)}">Open it in the ${PRODUCT}</a></p>` +
        footer(baseUrl).html,
    ),
  };
}

/** One mail with every digest notification of a person, oldest first. */
export function renderDigestMail(items: readonly MailItem[], baseUrl: string): RenderedMail {
  const count = `${items.length} notification${items.length === 1 ? '' : 's'}`;
  const line = (i: MailItem) =>
    `${HEADLINES[i.kind]}${i.reference ? `: ${i.reference}` : ''}${marking(i.tlp)}`;
  const text = [
    `Your daily digest from the ${PRODUCT}: ${count}.`,
    '',
    ...items.flatMap((i) => [`- ${line(i)}`, `  ${linkOf(baseUrl, i.path)}`]),
    '',
    footer(baseUrl).text,
  ];
  const list = items
    .map(
      (i) => `<li><a href="${escapeHtml(linkOf(baseUrl, i.path))}">${escapeHtml(line(i))}</a></li>`,
    )
    .join('');
  return {
    subject: `Your daily digest: ${count}`,
    text: `${text.join('\n')}\n`,
    html: page(
      `<p>Your daily digest from the ${PRODUCT}: ${escapeHtml(count)}.</p><ul>${list}</ul>` +
        footer(baseUrl).html,
    ),
  };
}

function page(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${PRODUCT}</title></head><body style="font-family:sans-serif">${body}</body></html>`;
}
