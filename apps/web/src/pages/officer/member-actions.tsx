import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { formatDate, formatDateTime } from '../../components/format';
import { Field, Loading, Notice, ProblemMessage } from '../../components/ui';
import { activeHolds, type Hold } from './holds';
import {
  MEMBER_ACTIONS,
  memberActionLabel,
  memberActionMeaning,
  type MemberAction,
} from './vocabulary';

type Referral = Schemas['ReferralResponse'];
type RecordedAction = Schemas['MemberActionResponse'];

const NOTE_MAX = 2000;
const FIELDS = ['action', 'date', 'note'] as const;
type FormField = (typeof FIELDS)[number];
const FIELD_NAMES: Record<FormField, string> = { action: 'Action', date: 'Date', note: 'Note' };

/** Today on this computer's calendar, `YYYY-MM-DD` (the API accepts today anywhere on Earth). */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The API's field messages as sentences (`date must not be in the future` → `Date must not …`). */
function sentences(field: FormField, messages: string[]): string[] {
  if (field === 'action' && messages.length > 0) {
    return ['Choose what your company did from the list.'];
  }
  return messages.map((message) => {
    if (message === 'is required') {
      return field === 'note'
        ? 'A note is required for “Other”: say what your company did.'
        : `${FIELD_NAMES[field]} is required.`;
    }
    const text = message.startsWith(`${field} `)
      ? `${FIELD_NAMES[field]}${message.slice(field.length)}`
      : message.charAt(0).toUpperCase() + message.slice(1);
    return /[.!?]$/.test(text) ? text : `${text}.`;
  });
}

/** Active holds asking members not to terminate the merchant. */
function doNotTerminate(holds: Hold[]): Hold[] {
  return activeHolds(holds).filter((h) => h.scope === 'do_not_terminate');
}

/**
 * "What your company did": the member actions recorded on a referral, and a
 * small form to record another (once the referral is submitted). Entries are
 * never edited: a correction is a new entry.
 */
export function MemberActionsPanel({
  referral,
  mayRecord,
}: {
  referral: Referral;
  mayRecord: boolean;
}) {
  const submitted = referral.status !== 'draft' && referral.submittedAt !== null;
  const actions = useQuery({
    queryKey: ['referral', referral.id, 'member-actions'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/referrals/{id}/member-actions', {
          params: { path: { id: referral.id } },
        }),
      ),
    enabled: submitted,
  });
  return (
    <section className="panel" aria-labelledby="member-actions-title">
      <h2 id="member-actions-title">What your company did</h2>
      {!submitted ? (
        <p className="officer-none">
          Once the referral is submitted, record here what your company did about the merchant.
        </p>
      ) : actions.isPending ? (
        <Loading what="Loading what your company did" />
      ) : actions.isError ? (
        <ProblemMessage error={actions.error} />
      ) : (
        <ActionsTable items={actions.data.items} />
      )}
      {submitted && mayRecord ? <RecordActionForm referral={referral} /> : null}
    </section>
  );
}

function ActionsTable({ items }: { items: RecordedAction[] }) {
  if (items.length === 0) {
    return (
      <p className="officer-none">
        Nothing recorded yet. When your company acts on this merchant (terminates it, lists it on a
        card-network file, …), record it below so the coalition knows.
      </p>
    );
  }
  return (
    <table className="data officer-compact officer-member-actions">
      <caption className="visually-hidden">What your company did, newest first</caption>
      <thead>
        <tr>
          <th scope="col" className="officer-col-date">
            Date
          </th>
          <th scope="col" className="officer-col-action">
            Action
          </th>
          <th scope="col">Note</th>
          <th scope="col" className="officer-col-by">
            Recorded by
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.id}>
            <td className="officer-nowrap">{formatDate(a.date)}</td>
            <td>{memberActionLabel(a.action)}</td>
            <td className="officer-break">{a.note ?? '—'}</td>
            <td>
              {a.recordedBy.displayName}
              {a.recordedBy.apiKeyName ? ` (API key “${a.recordedBy.apiKeyName}”)` : ''}
              <br />
              <span className="field-hint">{formatDateTime(a.recordedAt)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RecordActionForm({ referral }: { referral: Referral }) {
  const queryClient = useQueryClient();
  const [action, setAction] = useState<MemberAction | ''>('');
  const [date, setDate] = useState(localToday);
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | undefined>();
  const holds = doNotTerminate(referral.holds);

  const record = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/referrals/{id}/member-actions', {
          params: { path: { id: referral.id } },
          // An unchosen action is sent as it is, so the API names it with the other fields.
          body: { action: action as MemberAction, date, note: note.trim() === '' ? null : note },
        }),
      ),
    onMutate: () => setNotice(undefined),
    onSuccess: async (recorded) => {
      const told =
        recorded.action === 'terminated_relationship' && holds.length > 0
          ? ' Coordinators have been told, because a hold asks members not to terminate the merchant.'
          : '';
      setNotice(
        `Recorded: ${memberActionLabel(recorded.action)} on ${formatDate(recorded.date)}.${told}`,
      );
      setAction('');
      setDate(localToday());
      setNote('');
      await queryClient.invalidateQueries({
        queryKey: ['referral', referral.id, 'member-actions'],
      });
    },
  });

  const error = record.error instanceof ApiError ? record.error : null;
  const errorsOf = (field: FormField) =>
    error ? sentences(field, error.fieldMessages(field)) : [];
  const anyFieldError = FIELDS.some((f) => errorsOf(f).length > 0);
  const meaning = action ? memberActionMeaning(action) : undefined;

  return (
    <form
      className="officer-member-action-form"
      noValidate
      aria-labelledby="record-action-title"
      onSubmit={(e) => {
        e.preventDefault();
        record.mutate();
      }}
    >
      <h3 id="record-action-title">Record what your company did</h3>
      {holds.map((h) => (
        <div
          key={h.id}
          className="warning officer-hold-banner"
          role="note"
          aria-label="Hold: do not terminate"
        >
          <p>
            <strong>
              <span aria-hidden="true">⚠ </span>
              {h.agency} asked the members not to terminate the merchant until{' '}
              {formatDateTime(h.expiresAt)}.
            </strong>
          </p>
          {h.reason ? <p>Reason: {h.reason}</p> : null}
          <p>If your company has terminated it anyway, record it: coordinators will be told.</p>
        </div>
      ))}
      {notice ? <Notice>{notice}</Notice> : null}
      {record.isError && !anyFieldError ? <ProblemMessage error={record.error} /> : null}
      <div className="inline-fields">
        <Field
          label="Action"
          hint={meaning ?? 'What your company did about the merchant.'}
          errors={errorsOf('action')}
          required
        >
          {({ id, describedBy, invalid }) => (
            <select
              id={id}
              value={action}
              onChange={(e) => setAction(e.target.value as MemberAction | '')}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              required
            >
              <option value="">Choose what was done</option>
              {MEMBER_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {memberActionLabel(a)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Date"
          hint="The day it was done; not in the future."
          errors={errorsOf('date')}
          required
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              type="date"
              value={date}
              max={localToday()}
              onChange={(e) => setDate(e.target.value)}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              required
            />
          )}
        </Field>
      </div>
      <Field
        label="Note"
        hint={
          <>
            Required for “Other”; up to {NOTE_MAX.toLocaleString('en-GB')} characters. Do not record
            here whether a suspicious activity report was filed.
          </>
        }
        errors={errorsOf('note')}
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            rows={3}
            value={note}
            maxLength={NOTE_MAX}
            onChange={(e) => setNote(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={record.isPending}>
          {record.isPending ? 'Recording…' : 'Record action'}
        </button>
        <span className="field-hint">
          Entries cannot be changed: to correct one, record another.
        </span>
      </div>
    </form>
  );
}
