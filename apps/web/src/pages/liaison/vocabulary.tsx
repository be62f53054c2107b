import type { Schemas } from '../../api/client';
import { isRestrictedTlp } from './case-package';

export type Dispatch = Schemas['DispatchResponse'];
export type DispatchSummary = Schemas['DispatchSummaryResponse'];
export type DispatchStatus = DispatchSummary['status'];
export type DispatchOutcome = NonNullable<DispatchSummary['outcome']>;
export type Hold = Schemas['HoldResponse'];
export type HoldScope = Hold['scope'];

export const DISPATCH_STATUSES: DispatchStatus[] = [
  'pending',
  'delivered',
  'acknowledged',
  'accepted',
  'declined',
  'failed',
];

/** The outcome vocabulary of POST /dispatches/:id/outcome, with what each means. */
export const OUTCOMES: Record<DispatchOutcome, { label: string; meaning: string }> = {
  investigation_opened: {
    label: 'Investigation opened',
    meaning: 'the agency opened an investigation',
  },
  arrest: { label: 'Arrest', meaning: 'one or more arrests were made' },
  charges_filed: { label: 'Charges filed', meaning: 'charges were filed' },
  conviction: { label: 'Conviction', meaning: 'a court convicted' },
  merchant_disrupted: {
    label: 'Merchant disrupted',
    meaning: 'the merchant was taken down or its assets seized or frozen',
  },
  referred_onward: {
    label: 'Referred onward',
    meaning: 'the agency passed the case to another agency',
  },
  no_further_action: {
    label: 'No further action',
    meaning: 'the agency closed the matter without action',
  },
  other: { label: 'Other', meaning: 'anything else (a note is required)' },
};

export const HOLD_SCOPES: Record<HoldScope, { label: string; meaning: string }> = {
  do_not_terminate: {
    label: 'Do not terminate',
    meaning: 'members keep the merchant’s account open so the money trail stays alive',
  },
  do_not_contact: { label: 'Do not contact', meaning: 'members do not alert the merchant' },
  do_not_share: { label: 'Do not share', meaning: 'members do not pass the case on' },
};

/** Where a dispatch stands, in a liaison's words. */
export const STATUS_HINT: Record<DispatchStatus, string> = {
  pending: 'Being delivered to your agency.',
  delivered: 'Received. Acknowledge it, or accept or decline the case.',
  acknowledged: 'Acknowledged. Accept or decline the case.',
  accepted: 'Accepted by your agency. Record outcomes as the matter progresses.',
  declined: 'Declined by your agency.',
  failed: 'Delivery failed; the coalition is retrying.',
};

/** A TLP marking as a badge; RED and AMBER+STRICT are filled and framed so they stand out. */
export function TlpBadge({ tlp }: { tlp: string }) {
  const tone =
    tlp === 'RED'
      ? 'red'
      : tlp === 'AMBER+STRICT' || tlp === 'AMBER'
        ? 'amber'
        : tlp === 'GREEN'
          ? 'green'
          : 'clear';
  return (
    <span
      className={`liaison-tlp liaison-tlp-${tone}${isRestrictedTlp(tlp) ? ' liaison-tlp-restricted' : ''}`}
    >
      TLP:{tlp}
    </span>
  );
}

export function yesNo(value: boolean | undefined): string {
  if (value === undefined) return '—';
  return value ? 'Yes' : 'No';
}
