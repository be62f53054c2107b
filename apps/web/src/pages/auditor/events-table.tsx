// The table of audit events, with each event's actor cell and expandable details.
import { Fragment, useState } from 'react';
import { Link } from 'react-router-dom';
import { type Schemas } from '../../api/client';
import { auditActionLabel } from '@crh/vocabulary';
import { formatDateTime, label, utcTitle } from '../../components/format';
import { Badge } from '../../components/ui';
import { shortId } from './audit-format';
import { When } from '../../components/when';

type AuditEvent = Schemas['AuditEventListItemResponse'];

/** The API key a member system acted with, if it did. */
function apiKeyOf(e: AuditEvent): string | null {
  const key = e.details.apiKeyId;
  return typeof key === 'string' ? key : null;
}

export function EventTable({ items }: { items: AuditEvent[] }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div className="table-wrap">
      <table className="data auditor-events">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Actor</th>
            <th scope="col">Organization</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Outcome</th>
            <th scope="col">Request id</th>
            <th scope="col">
              <span className="visually-hidden">Details</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const expanded = open.has(e.id);
            const detailsId = `auditor-event-${e.id}`;
            return (
              <Fragment key={e.id}>
                <tr className={e.outcome === 'success' ? undefined : 'auditor-refused'}>
                  <td className="auditor-time">
                    <When at={e.occurredAt} />
                  </td>
                  <td>
                    <ActorCell event={e} />
                  </td>
                  <td title={e.actorOrganizationId ?? undefined}>
                    {e.organizationName ?? (
                      <span className="mono">
                        {e.actorOrganizationId ? shortId(e.actorOrganizationId) : '—'}
                      </span>
                    )}
                  </td>
                  <td>
                    {auditActionLabel(e.action)}
                    <div className="mono auditor-action-name">{e.action}</div>
                  </td>
                  <td>
                    {e.targetType ? <span>{label(e.targetType)}</span> : '—'}
                    {e.targetId && e.targetType ? (
                      <div>
                        <Link
                          className="mono"
                          to={`/audit?targetType=${encodeURIComponent(e.targetType)}&targetId=${encodeURIComponent(e.targetId)}`}
                          title={`Every event on ${e.targetType} ${e.targetId}`}
                        >
                          <span className="visually-hidden">Events on this target, </span>
                          {shortId(e.targetId)}
                        </Link>
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <Badge
                      value={
                        e.outcome === 'success'
                          ? 'accepted'
                          : e.outcome === 'denied'
                            ? 'declined'
                            : 'failed'
                      }
                      text={label(e.outcome)}
                    />
                  </td>
                  <td className="mono auditor-request" title={e.requestId ?? undefined}>
                    {e.requestId ? shortId(e.requestId) : '—'}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button button-quiet auditor-disclosure"
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailsId : undefined}
                      onClick={() => toggle(e.id)}
                    >
                      {expanded ? 'Hide' : 'Details'}
                      <span className="visually-hidden"> of event {e.id}</span>
                    </button>
                  </td>
                </tr>
                {expanded ? (
                  <tr className="auditor-details-row">
                    <td colSpan={8} id={detailsId}>
                      <EventDetails event={e} />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Who acted: their name (or the API key's), linking to every event of that user. */
function ActorCell({ event: e }: { event: AuditEvent }) {
  const apiKey = apiKeyOf(e);
  if (!e.actorUserId) return <span>System</span>;
  const name = e.actorName ?? shortId(e.actorUserId);
  return (
    <>
      <Link
        to={`/audit?actorId=${e.actorUserId}`}
        className={e.actorName ? undefined : 'mono'}
        title={
          apiKey
            ? `Every event by the key's creator, user ${e.actorUserId}`
            : `Every event by user ${e.actorUserId}`
        }
      >
        <span className="visually-hidden">Events by </span>
        {name}
      </Link>
      {apiKey ? (
        <div className="auditor-hint">API key</div>
      ) : e.actorRole ? (
        <div className="auditor-hint">{label(e.actorRole)}</div>
      ) : null}
    </>
  );
}

function EventDetails({ event: e }: { event: AuditEvent }) {
  const apiKey = apiKeyOf(e);
  return (
    <div className="auditor-event-details">
      <dl className="auditor-kv">
        <dt>Event id</dt>
        <dd className="mono">{e.id}</dd>
        <dt>Occurred</dt>
        <dd>
          {formatDateTime(e.occurredAt)} ({utcTitle(e.occurredAt)})
        </dd>
        <dt>Actor</dt>
        <dd>
          {e.actorUserId ? (
            <>
              {e.actorName ?? 'Unknown user'}
              {apiKey ? ' (API key)' : e.actorRole ? ` (${label(e.actorRole)})` : ''}{' '}
              <span className="mono">{e.actorUserId}</span>
            </>
          ) : (
            'System'
          )}
        </dd>
        {apiKey ? (
          <>
            <dt>API key id</dt>
            <dd className="mono">{apiKey}</dd>
          </>
        ) : null}
        <dt>Organization</dt>
        <dd>
          {e.actorOrganizationId ? (
            <>
              {e.organizationName ?? 'Unknown organization'}{' '}
              <span className="mono">{e.actorOrganizationId}</span>
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Target</dt>
        <dd className="mono">
          {e.targetType ?? '—'} {e.targetId ?? ''}
        </dd>
        <dt>Request id</dt>
        <dd className="mono">{e.requestId ?? '—'}</dd>
        <dt>IP address</dt>
        <dd className="mono">{e.ip ?? '—'}</dd>
        <dt>Chain position</dt>
        <dd className="mono">{e.chainSeq ?? 'not sealed yet'}</dd>
        <dt>Hash</dt>
        <dd className="mono auditor-hash">{e.hash ?? '—'}</dd>
        <dt>Previous hash</dt>
        <dd className="mono auditor-hash">{e.prevHash ?? '—'}</dd>
        <dt>Details digest</dt>
        <dd className="mono auditor-hash">{e.detailsDigest}</dd>
      </dl>
      <p className="auditor-json-title">Details</p>
      <pre className="auditor-json">{JSON.stringify(e.details, null, 2)}</pre>
    </div>
  );
}
