import { useMutation } from '@tanstack/react-query';
import { Fragment, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { formatDateTime, label } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { Badge, EmptyState, Notice, PageHeader, ProblemMessage } from '../../components/ui';
import { TextInput } from '../../components/controls';
import { fromUtcInput, shortId } from './audit-format';

type AuditEvent = Schemas['AuditEventListItemResponse'];

/** The API key a member system acted with, if it did. */
function apiKeyOf(e: AuditEvent): string | null {
  const key = e.details.apiKeyId;
  return typeof key === 'string' ? key : null;
}

const FILTERS = ['action', 'targetType', 'targetId', 'actorId', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];
type Filters = Partial<Record<FilterName, string>>;

/** Suggestions for the filter fields (any value may be typed). */
const TARGET_TYPES = [
  'referral',
  'case',
  'dispatch',
  'hold',
  'info_request',
  'alert',
  'user',
  'session',
  'organization',
  'agency',
  'jurisdiction',
  'api_key',
  'audit_chain',
  'audit_checkpoint_request',
];
const ACTIONS = [
  'auth.login',
  'auth.logout',
  'auth.lockout',
  'access.denied',
  'referral.create',
  'referral.submit',
  'referral.read',
  'referral.reveal_sensitive',
  'case.read',
  'case.assign',
  'case.propose',
  'case.approve',
  'case.reject',
  'dispatch.read',
  'dispatch.acknowledge',
  'dispatch.accept',
  'dispatch.decline',
  'dispatch.outcome',
  'hold.place',
  'hold.renew',
  'hold.release',
  'audit.verify',
  'audit.export',
  'audit.checkpoint_request',
];

function filtersOf(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of FILTERS) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/** The query the API takes: times typed in UTC become ISO 8601. */
function apiQuery(filters: Filters) {
  return {
    action: filters.action,
    targetType: filters.targetType,
    targetId: filters.targetId,
    actorId: filters.actorId,
    from: fromUtcInput(filters.from),
    to: fromUtcInput(filters.to),
  };
}

/** Search the audit trail, newest first, with the filters in the address. */
export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const list = usePagedList(['audit', 'events', filters], (cursor) =>
    unwrap(
      api.GET('/api/v1/audit/events', {
        params: { query: { ...apiQuery(filters), cursor, limit: 50 } },
      }),
    ),
  );
  const filtered = Object.keys(filters).length > 0;
  const error = list.query.error;

  return (
    <>
      <PageHeader
        title="Audit events"
        subtitle="Every change, sign-in, refusal and read of case material, newest first. Times in UTC."
      />
      <FilterForm
        key={params.toString()}
        filters={filters}
        errors={(field) => (error instanceof ApiError ? error.fieldMessages(field) : [])}
        onSearch={(next) => {
          const search = new URLSearchParams();
          for (const name of FILTERS) if (next[name]) search.set(name, next[name]);
          setParams(search);
        }}
      />
      <ExportRange filters={filters} />
      <PagedView
        list={list}
        what="events"
        empty={
          <EmptyState title={filtered ? 'No event matches these filters.' : 'No events yet.'}>
            {filtered ? (
              <p>
                Widen the time range or remove a filter. <Link to="/audit">Clear the filters</Link>
              </p>
            ) : (
              <p>Events appear as people sign in and work.</p>
            )}
          </EmptyState>
        }
      >
        {(items) => <EventTable items={items} />}
      </PagedView>
    </>
  );
}

function FilterForm(props: {
  filters: Filters;
  errors: (field: string) => string[];
  onSearch: (filters: Filters) => void;
}) {
  const [draft, setDraft] = useState<Filters>(props.filters);
  const set = (name: FilterName) => (value: string) => setDraft((d) => ({ ...d, [name]: value }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed: Filters = {};
    for (const name of FILTERS) {
      const value = draft[name]?.trim();
      if (value) trimmed[name] = value;
    }
    props.onSearch(trimmed);
  }
  const text = (name: FilterName, fieldLabel: string, hint?: string, list?: string) => (
    <TextInput
      label={fieldLabel}
      hint={hint}
      errors={props.errors(name)}
      value={draft[name] ?? ''}
      onChange={(e) => set(name)(e.target.value)}
      autoComplete="off"
      spellCheck={false}
      list={list}
      className={name === 'targetId' || name === 'actorId' ? 'auditor-id-input' : undefined}
    />
  );
  const time = (name: 'from' | 'to', fieldLabel: string) => (
    <TextInput
      label={fieldLabel}
      errors={props.errors(name)}
      type="datetime-local"
      step={1}
      value={draft[name] ?? ''}
      onChange={(e) => set(name)(e.target.value)}
    />
  );
  return (
    <form
      className="auditor-filters"
      role="search"
      aria-label="Filter audit events"
      onSubmit={submit}
    >
      <div className="filters">
        {text('action', 'Action', undefined, 'auditor-actions')}
        {text('targetType', 'Target type', undefined, 'auditor-target-types')}
        {text('targetId', 'Target id')}
        {text('actorId', 'Actor (user id)')}
        {time('from', 'From (UTC)')}
        {time('to', 'To (UTC, not included)')}
        <div className="form-actions auditor-filter-actions">
          <button type="submit" className="button button-primary">
            Search
          </button>
          <Link to="/audit" className="button button-quiet">
            Clear
          </Link>
        </div>
      </div>
      <datalist id="auditor-target-types">
        {TARGET_TYPES.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      <datalist id="auditor-actions">
        {ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
    </form>
  );
}

/** Export the time range as JSON Lines (the route needs the session's token, so no plain link). */
function ExportRange({ filters }: { filters: Filters }) {
  const [saved, setSaved] = useState<string | null>(null);
  const exporter = useMutation({
    mutationFn: async () => {
      const from = fromUtcInput(filters.from) ?? '1970-01-01T00:00:00Z';
      const to = fromUtcInput(filters.to) ?? new Date().toISOString();
      const blob = await unwrap(
        api.GET('/api/v1/audit/export', { params: { query: { from, to } }, parseAs: 'blob' }),
      );
      const name = `audit-events_${from.replace(/[:.]/g, '-')}_${to.replace(/[:.]/g, '-')}.jsonl`;
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      return { name, size: blob.size };
    },
    onSuccess: ({ name, size }) =>
      setSaved(`Saved ${name} (${size.toLocaleString('en-GB')} bytes). The export is audited.`),
  });
  const range =
    filters.from || filters.to
      ? `from ${filters.from ? formatDateTime(fromUtcInput(filters.from)) : 'the start'} to ${
          filters.to ? formatDateTime(fromUtcInput(filters.to)) : 'now'
        }`
      : 'of the whole trail, up to now';
  return (
    <div className="auditor-export">
      <p>
        <button
          type="button"
          className="button"
          onClick={() => {
            setSaved(null);
            exporter.mutate();
          }}
          disabled={exporter.isPending}
        >
          {exporter.isPending ? 'Exporting…' : 'Export this range (.jsonl)'}
        </button>{' '}
        <span className="auditor-hint">
          Every event {range}, with its chain fields, as JSON Lines. The other filters do not apply
          to the export.
        </span>
      </p>
      {exporter.error ? <ProblemMessage error={exporter.error} /> : null}
      {saved ? <Notice>{saved}</Notice> : null}
    </div>
  );
}

function EventTable({ items }: { items: AuditEvent[] }) {
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
                  <td className="auditor-time" title={e.occurredAt}>
                    {e.occurredAt.slice(0, 10)} {e.occurredAt.slice(11, 19)}
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
                  <td className="mono">{e.action}</td>
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
        <dd className="mono">{e.occurredAt}</dd>
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
