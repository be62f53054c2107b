/** Wire words (`in_review`, `le_liaison`) as people read them. */
const LABELS: Record<string, string> = {
  member_reporter: 'Compliance officer',
  member_admin: 'Member administrator',
  coordinator: 'Coordinator',
  lead_coordinator: 'Lead coordinator',
  le_liaison: 'Law-enforcement liaison',
  auditor: 'Auditor',
  platform_admin: 'Platform administrator',
  in_review: 'In review',
  info_requested: 'Information requested',
  pending_approval: 'Awaiting approval',
  le_acknowledgement: 'LE acknowledgement',
  commercial_csam_sale: 'Commercial CSAM sale',
  csam_solicitation: 'CSAM solicitation',
  crypto_wallet: 'Crypto wallet',
  file_hash: 'File hash',
  p2p: 'P2P',
  ach: 'ACH',
  do_not_terminate: 'Do not terminate',
  do_not_contact: 'Do not contact',
  do_not_share: 'Do not share',
};

export function label(word: string | null | undefined): string {
  if (!word) return '—';
  const known = LABELS[word];
  if (known) return known;
  const spaced = word.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/** Times are shown in UTC, as the API gives them, so every party reads the same time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${dateTime.format(new Date(iso))} UTC`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dateOnly.format(new Date(iso));
}

export function formatAmount(
  amount: { value: string | number; currency: string } | null | undefined,
): string {
  if (!amount) return '—';
  const value = Number(amount.value);
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: amount.currency }).format(
      value,
    );
  } catch {
    return `${amount.value} ${amount.currency}`;
  }
}

/** "3 minutes ago", "in 2 days": for SLA deadlines and ages. */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  const format = new Intl.RelativeTimeFormat('en-GB', { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}
