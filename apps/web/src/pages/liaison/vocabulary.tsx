import { DISPATCH_OUTCOME_MEANINGS, VOCABULARY } from '@crh/vocabulary';
import type { Schemas } from '../../api/client';
import { isRestrictedTlp } from './case-package';

export type Dispatch = Schemas['DispatchResponse'];
export type DispatchSummary = Schemas['DispatchSummaryResponse'];
export type DispatchStatus = DispatchSummary['status'];
export type DispatchOutcome = NonNullable<DispatchSummary['outcome']>;
export type Hold = Schemas['HoldResponse'];
export type HoldScope = Hold['scope'];

/** Each value's shared label beside its meaning. */
function withLabels<K extends string>(
  labels: Readonly<Record<K, string>>,
  meanings: Record<K, string>,
): Record<K, { label: string; meaning: string }> {
  const out = {} as Record<K, { label: string; meaning: string }>;
  for (const key of Object.keys(meanings) as K[]) {
    out[key] = { label: labels[key], meaning: meanings[key] };
  }
  return out;
}

export const DISPATCH_STATUSES: DispatchStatus[] = [
  'pending',
  'delivered',
  'acknowledged',
  'accepted',
  'declined',
  'failed',
];

/** The outcome vocabulary of POST /dispatches/:id/outcome, with what each means. */
const OUTCOME_MEANINGS: Record<DispatchOutcome, string> = DISPATCH_OUTCOME_MEANINGS;

/** The outcome vocabulary of POST /dispatches/:id/outcome: the shared label, and what each means. */
export const OUTCOMES = withLabels(VOCABULARY.outcome, OUTCOME_MEANINGS);

export const HOLD_SCOPES = withLabels(VOCABULARY.holdScope, {
  do_not_terminate: 'members keep the merchant’s account open so the money trail stays alive',
  do_not_contact: 'members do not alert the merchant',
  do_not_share: 'members do not pass the case on',
} satisfies Record<HoldScope, string>);

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
