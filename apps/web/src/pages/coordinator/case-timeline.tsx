import { auditActionLabel, isReadAction } from '@crh/vocabulary';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { can, useUser } from '../../auth/session';
import { label } from '../../components/format';
import { Badge } from '../../components/ui';
import { When } from '../../components/when';
import type { CaseDetail } from './case-command';

type Entry = CaseDetail['timeline'][number];

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

/**
 * What happened to the case and its records, oldest first. Looking is not
 * happening: audited reads and downloads fold into one quiet line (the API
 * already leaves `*.read` events out); the audit trail keeps every one.
 */
export function TimelineSection({ c }: { c: CaseDetail }) {
  const [all, setAll] = useState(false);
  const user = useUser();
  const changes = c.timeline.filter((e) => !isReadAction(e.action));
  const reads = c.timeline.length - changes.length;
  const entries = all ? changes : changes.slice(-SHOWN);
  const hidden = changes.length - entries.length;
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
              <When at={e.at} />
              <strong>{auditActionLabel(e.action)}</strong>
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
      <p className="coordinator-meta timeline-reads">
        {reads > 0 ? `${reads} ${reads === 1 ? 'read' : 'reads'} — ` : 'Reads are left out — '}
        {can(user, 'audit.read') ? (
          <Link to={`/audit?targetType=case&targetId=${encodeURIComponent(c.id)}`}>
            see the audit trail
          </Link>
        ) : (
          'they are kept in the audit trail'
        )}
      </p>
    </section>
  );
}
