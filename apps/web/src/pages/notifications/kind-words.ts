import type { Schemas } from '../../api/client';

type Kind = Schemas['NotificationResponse']['kind'];

/** Each kind in plain words, as the list and the preferences show it. */
export const KIND_WORDS: Record<Kind, string> = {
  'info_request.created': 'A coordinator asked about your referral',
  'info_request.answered': 'A member answered your question',
  'dispatch.created': 'New dispatch for your agency',
  'dispatch.ack_due': 'Dispatch near its acknowledge-by deadline',
  'hold.placed': 'Hold placed on a case of your referral',
  'hold.renewed': 'Hold renewed',
  'hold.expiring': 'Hold expires soon',
  'outcome.recorded': 'Agency outcome recorded',
  'case.assigned': 'Case assigned to you',
  'approval.waiting': 'Routing waits for approval',
  'sla.breached': 'Service-level deadline missed',
};

export const MODE_WORDS: Record<Schemas['NotificationPreferenceResponse']['mode'], string> = {
  immediate: 'A mail each time',
  digest: 'In the daily digest',
  off: 'No mail',
};
