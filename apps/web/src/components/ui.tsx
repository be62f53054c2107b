import { useEffect, useId, useState, type ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { ApiError, toProblem, type Problem } from '../api/problem';
import { label } from './format';

/** The page's one h1, with an optional line under it and actions on the right. */
export function PageHeader(props: { title: string; subtitle?: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${props.title} · Coalition Referral Hub`;
  }, [props.title]);
  return (
    <header className="page-header">
      <div>
        <h1>{props.title}</h1>
        {props.subtitle ? <p className="page-subtitle">{props.subtitle}</p> : null}
      </div>
      {props.actions ? <div className="page-actions">{props.actions}</div> : null}
    </header>
  );
}

/**
 * Shown while a request is on its way. It appears only after 200 ms, so a fast
 * answer never flashes a spinner, and disappears with the answer.
 */
export function Loading({ what = 'Loading' }: { what?: string }) {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setVisible(true), 200);
    return () => clearTimeout(timer);
  }, []);
  return (
    <div className="loading" role="status" aria-live="polite">
      {visible ? `${what}…` : null}
    </div>
  );
}

/** What went wrong, in plain words, with each refused field listed. */
export function ProblemMessage({ error, title }: { error: unknown; title?: string }) {
  const problem: Problem = toProblem(error);
  // A refusal of the whole request names `body` with the detail's own words: show them once.
  const fieldErrors = (problem.errors ?? []).filter(
    (e) => e.messages.join('; ') !== problem.detail,
  );
  return (
    <div className="problem" role="alert">
      <p className="problem-title">{title ?? plainTitle(problem)}</p>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {fieldErrors.length > 0 ? (
        <ul>
          {fieldErrors.map((e) => (
            // Each message names its field by label; the pointer stays at hand for support.
            <li key={e.field} data-field={e.field}>
              {e.messages.join('; ')}
            </li>
          ))}
        </ul>
      ) : null}
      {problem.requestId ? (
        <p className="problem-ref">Reference for support: {problem.requestId}</p>
      ) : null}
    </div>
  );
}

function plainTitle(problem: Problem): string {
  switch (problem.status) {
    case 0:
      return 'The hub could not be reached.';
    case 400:
      return 'Some of what was entered needs correcting.';
    case 401:
      return 'Your session has ended. Sign in again.';
    case 403:
      return 'Your role cannot do this.';
    case 404:
      return 'Not found, or you do not have access to it.';
    case 409:
      return 'This cannot be done in the record’s current state.';
    case 429:
      return 'Too many requests. Wait a moment and try again.';
    default:
      return problem.status >= 500
        ? 'The hub had a problem. Try again in a moment.'
        : problem.title;
  }
}

/** Nothing to show yet, and what to do about it. */
export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{props.title}</p>
      {props.children ? <div>{props.children}</div> : null}
      {props.action ? <div className="empty-action">{props.action}</div> : null}
    </div>
  );
}

/** The "not found or no access" page; the API never says which. */
export function NotFoundContent() {
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">Not found, or you do not have access</h1>
      <p>
        This record does not exist, or it belongs to another organization or agency. The hub does
        not say which, to keep every member’s referrals confidential.
      </p>
      <p>
        <Link to="/">Go to your start page</Link>
      </p>
    </section>
  );
}

/**
 * Render a query's data, or its loading state, or "not found", or the problem.
 * Pages use it so every record page treats 404 the same way.
 */
export function QueryView<T>(props: {
  query: UseQueryResult<T>;
  what?: string;
  children: (data: T) => ReactNode;
}) {
  const { query } = props;
  if (query.isPending) return <Loading what={props.what} />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundContent />;
    return <ProblemMessage error={query.error} />;
  }
  return <>{props.children(query.data)}</>;
}

const STATUS_TONE: Record<string, string> = {
  draft: 'neutral',
  submitted: 'info',
  triage: 'info',
  in_review: 'info',
  info_requested: 'warn',
  pending_approval: 'warn',
  approved: 'good',
  routed: 'good',
  accepted: 'good',
  delivered: 'info',
  acknowledged: 'info',
  pending: 'neutral',
  declined: 'bad',
  rejected: 'bad',
  failed: 'bad',
  withdrawn: 'neutral',
  closed: 'neutral',
  merged: 'neutral',
  P1: 'bad',
  P2: 'warn',
  P3: 'info',
  P4: 'neutral',
  overdue: 'bad',
};

/** A status or priority as a coloured badge (the text carries the meaning; colour only helps). */
export function Badge({ value, text }: { value: string; text?: string }) {
  const tone = STATUS_TONE[value] ?? 'neutral';
  return <span className={`badge badge-${tone}`}>{text ?? label(value)}</span>;
}

/** A labelled form control with its hint and the API's messages for it. */
export function Field(props: {
  label: string;
  hint?: ReactNode;
  errors?: string[];
  required?: boolean;
  children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const errors = props.errors ?? [];
  const describedBy = [props.hint ? hintId : null, errors.length ? errorId : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
        {props.required ? <span className="visually-hidden"> (required)</span> : null}
      </label>
      {props.hint ? (
        <p id={hintId} className="field-hint">
          {props.hint}
        </p>
      ) : null}
      {props.children({ id, describedBy: describedBy || undefined, invalid: errors.length > 0 })}
      {errors.length ? (
        <p id={errorId} className="field-error">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

/** A term/description list for record details. */
export function Details({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="details">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A short confirmation in the page that a command succeeded, read out by screen readers. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}
