// The audit event filters: the names kept in the address, the query the API takes, and the search form.
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { TextInput } from '../../components/controls';
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
  'case.export_stix',
  'case.assign',
  'case.propose',
  'case.approve',
  'case.reject',
  'dispatch.read',
  'dispatch.export_stix',
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
