import { useState } from 'react';
import { formatDateTime, label } from '../../components/format';
import { Badge } from '../../components/ui';
import type { CaseDetail } from './case-command';

const ACTION_WORDS: Record<string, string> = {
  'case.create': 'Case opened',
  'case.attach': 'Referral joined the case',
  'case.assign': 'Assigned',
  'case.note': 'Note added',
  'case.link': 'Referral linked',
  'case.dismiss_suggestion': 'Suggestion dismissed',
  'case.merge': 'Merged into another case',
  'case.absorb': 'Took over a merged case’s referrals',
  'case.propose': 'Routing proposed',
  'case.approve': 'Routing approved',
  'case.route': 'Routed',
  'case.send_back': 'Sent back to review',
  'case.reject': 'Rejected',
  'case.close': 'Closed',
  'case.reopen': 'Reopened',
  'info_request.create': 'Information requested',
  'info_request.answer': 'Information request answered',
  'dispatch.create': 'Dispatch created',
  'dispatch.deliver': 'Dispatch delivered',
  'dispatch.fail': 'Delivery failed',
  'dispatch.retry': 'Delivery retried',
  'dispatch.acknowledge': 'Agency acknowledged',
  'dispatch.accept': 'Agency accepted',
  'dispatch.decline': 'Agency declined',
  'dispatch.outcome': 'Agency recorded an outcome',
  'dispatch.export_stix': 'Dispatch exported as STIX 2.1',
  'case.export_stix': 'Case exported as STIX 2.1',
  'referral.create': 'Referral drafted',
  'referral.submit': 'Referral submitted',
  'referral.intake': 'Referral taken in',
  'referral.withdraw': 'Referral withdrawn',
  'hold.create': 'Hold placed',
  'hold.renew': 'Hold renewed',
  'hold.release': 'Hold released',
};

type Entry = CaseDetail['timeline'][number];

function actionWords(action: string): string {
  return ACTION_WORDS[action] ?? label(action.replace('.', '_'));
}

/** A few words from the event's details that say more than the action alone. */
function detailWords(entry: Entry): string | null {
  const details = entry.details;
  const from = details.from;
  const to = details.to;
  if (typeof from === 'string' && typeof to === 'string' && from !== to) {
    return `${label(from)} → ${label(to)}`;
  }
  if (typeof details.code === 'string') return `Code: ${details.code}`;
  if (typeof details.reference === 'string') return details.reference;
  return null;
}

const SHOWN = 12;

/** What happened to the case and its records, oldest first (reads are left out). */
export function TimelineSection({ c }: { c: CaseDetail }) {
  const [all, setAll] = useState(false);
  const entries = all ? c.timeline : c.timeline.slice(-SHOWN);
  const hidden = c.timeline.length - entries.length;
  return (
    <section className="panel" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {hidden > 0 ? (
        <button
          type="button"
          className="button button-quiet coordinator-small"
          onClick={() => setAll(true)}
        >
          Show {hidden} earlier {hidden === 1 ? 'event' : 'events'}
        </button>
      ) : null}
      <ol className="timeline coordinator-timeline">
        {entries.map((e, i) => {
          const actor = e.actor;
          const more = detailWords(e);
          return (
            <li key={`${e.at}-${e.action}-${i}`}>
              <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              <strong>{actionWords(e.action)}</strong>
              {e.outcome !== 'success' ? (
                <>
                  {' '}
                  <Badge
                    value={e.outcome === 'denied' ? 'declined' : 'failed'}
                    text={label(e.outcome)}
                  />
                </>
              ) : null}
              <div className="coordinator-meta">
                {actor
                  ? `${actor.displayName}${actor.role ? ` (${label(actor.role)})` : ''}`
                  : 'The hub'}
                {more ? ` · ${more}` : ''}
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
