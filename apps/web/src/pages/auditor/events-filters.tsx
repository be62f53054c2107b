// The audit event filters: the names kept in the address, the query the API takes, and the search form.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { TextInput } from '../../components/controls';
import { AuditPicker } from './audit-picker';
import { fromUtcInput } from './audit-format';

export const FILTERS = ['action', 'targetType', 'targetId', 'actorId', 'from', 'to'] as const;
type FilterName = (typeof FILTERS)[number];
export type Filters = Partial<Record<FilterName, string>>;

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
  'retention',
];

export function filtersOf(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of FILTERS) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/** The query the API takes: times typed in UTC become ISO 8601. */
export function apiQuery(filters: Filters) {
  return {
    action: filters.action,
    targetType: filters.targetType,
    targetId: filters.targetId,
    actorId: filters.actorId,
    from: fromUtcInput(filters.from),
    to: fromUtcInput(filters.to),
  };
}

export function FilterForm(props: {
  filters: Filters;
  errors: (field: string) => string[];
  onSearch: (filters: Filters) => void;
}) {
  const [draft, setDraft] = useState<Filters>(props.filters);
  // Every action the trail records, offered with its plain label.
  const actions = useQuery({
    queryKey: ['audit-actions'],
    queryFn: () => unwrap(api.GET('/api/v1/audit/actions')),
    staleTime: Infinity,
  });
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
        <AuditPicker
          label="Find a person"
          hint="Type a name; picking one fills the actor."
          kind="user"
          onPick={(r) => setDraft((d) => ({ ...d, actorId: r.id }))}
        />
        <AuditPicker
          label="Find a record"
          hint="A reference (FCR-, CASE-, DSP-), an organization or a person; picking one fills the target."
          onPick={(r) => setDraft((d) => ({ ...d, targetType: r.kind, targetId: r.id }))}
        />
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
        {(actions.data?.items ?? []).map((a) => (
          <option key={a.action} value={a.action} label={a.label} />
        ))}
      </datalist>
    </form>
  );
}
