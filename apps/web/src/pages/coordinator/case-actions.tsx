import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { useUser } from '../../auth/session';
import { label } from '../../components/format';
import { Loading, ProblemMessage } from '../../components/ui';
import { TextArea, SelectInput } from '../../components/controls';
import {
  CommandFeedback,
  caseKeys,
  fieldErrors,
  OPEN_CASE_STATUSES,
  STATUS_LIST_QUERY,
  useAssignees,
  useCaseCommand,
  type CaseDetail,
} from './case-command';

const ASSIGNABLE = ['triage', 'in_review'];

/**
 * "Assign to me" (claiming the case), or "Assign to" a colleague picked from
 * the coordinators and leads the API lists.
 */
export function AssignControl({ c }: { c: CaseDetail }) {
  const user = useUser();
  const selectId = useId();
  const [picked, setPicked] = useState('');
  const assignable = ASSIGNABLE.includes(c.status);
  const people = useAssignees(assignable);
  const assign = useCaseCommand(
    c.id,
    (to: { userId?: string; name?: string }) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/assign', {
          params: { path: { id: c.id } },
          body: to.userId ? { userId: to.userId } : {},
        }),
      ),
    (_result, to) => {
      const whom = to.userId ? (to.name ?? 'your colleague') : 'you';
      return c.status === 'triage'
        ? `Case claimed: it is now in review and assigned to ${whom}.`
        : `The case is now assigned to ${whom}.`;
    },
    () => setPicked(''),
  );
  if (!assignable) {
    return assign.notice ? <CommandFeedback notice={assign.notice} error={null} /> : null;
  }
  const colleagues = (people.data ?? []).filter((p) => p.id !== user.id && p.id !== c.assignee?.id);
  function submit(event: FormEvent) {
    event.preventDefault();
    const person = colleagues.find((p) => p.id === picked);
    if (person) assign.mutate({ userId: person.id, name: person.displayName });
  }
  return (
    <div className="coordinator-assign">
      <div className="coordinator-assign-row">
        {c.assignee?.id === user.id ? null : (
          <button
            type="button"
            className="button coordinator-small"
            onClick={() => assign.mutate({})}
            disabled={assign.isPending}
          >
            Assign to me
          </button>
        )}
        <form className="coordinator-assign-to" onSubmit={submit}>
          <label htmlFor={selectId}>Assign to</label>
          <select
            id={selectId}
            value={picked}
            onChange={(e) => setPicked(e.target.value)}
            disabled={people.isPending || colleagues.length === 0}
          >
            <option value="">
              {people.isPending
                ? 'Loading colleagues…'
                : colleagues.length === 0
                  ? 'No other coordinator'
                  : 'Choose a colleague'}
            </option>
            {colleagues.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
                {p.role === 'lead_coordinator' ? ' (lead)' : ''}
              </option>
            ))}
          </select>
          <button
            type="submit"
            className="button coordinator-small"
            disabled={assign.isPending || picked === ''}
          >
            Assign
          </button>
        </form>
      </div>
      {people.error ? <ProblemMessage error={people.error} /> : null}
      <CommandFeedback notice={assign.notice} error={assign.error} />
    </div>
  );
}

/**
 * The status changes a coordinator (or lead) can make from here, each with a
 * short confirmation form. Every action stays mounted, so the notice of what
 * was just done survives the status change it caused.
 */
export function CaseActions({ c }: { c: CaseDetail }) {
  const user = useUser();
  const lead = user.role === 'lead_coordinator';
  const canReject = ['triage', 'in_review'].includes(c.status);
  const canMerge = OPEN_CASE_STATUSES.includes(c.status);
  const canClose = c.status === 'routed';
  const canReopen = lead && ['closed', 'rejected'].includes(c.status);
  const none = !canReject && !canMerge && !canClose && !canReopen;
  return (
    <section className="coordinator-case-actions" aria-labelledby="case-actions-title">
      <h3 id="case-actions-title">Case actions</h3>
      {none ? (
        <p className="coordinator-muted">
          {['closed', 'rejected'].includes(c.status)
            ? `A lead coordinator can reopen a ${label(c.status).toLowerCase()} case.`
            : `No status change can be made to a ${label(c.status).toLowerCase()} case.`}
        </p>
      ) : null}
      <div className="coordinator-actions">
        <ReasonAction
          c={c}
          available={canClose}
          toggle="Close"
          fieldLabel="Outcome"
          hint="What came of the case. Every dispatch must be accepted or declined first."
          confirm="Confirm closing"
          field="outcome"
          run={(outcome) =>
            unwrap(
              api.POST('/api/v1/cases/{id}/close', {
                params: { path: { id: c.id } },
                body: { outcome },
              }),
            )
          }
          done="Case closed."
        />
        <ReasonAction
          c={c}
          available={canReject}
          toggle="Reject"
          fieldLabel="Reason for rejecting"
          hint="Filers see their referrals as declined; they do not see this reason."
          confirm="Confirm rejection"
          danger
          field="reason"
          run={(reason) =>
            unwrap(
              api.POST('/api/v1/cases/{id}/reject', {
                params: { path: { id: c.id } },
                body: { reason },
              }),
            )
          }
          done="Case rejected. Its undecided referrals are declined."
        />
        <ReasonAction
          c={c}
          available={canReopen}
          toggle="Reopen"
          fieldLabel="Reason for reopening"
          confirm="Confirm reopening"
          field="reason"
          run={(reason) =>
            unwrap(
              api.POST('/api/v1/cases/{id}/reopen', {
                params: { path: { id: c.id } },
                body: { reason },
              }),
            )
          }
          done="Case reopened: it is in review again."
        />
        {canMerge ? <MergeAction c={c} /> : null}
      </div>
    </section>
  );
}

/** A button that opens a short form below it; the form's first field takes the focus. */
function Disclosure(props: { toggle: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggleId = useId();
  // Closing (cancel, or done while the action is still possible) puts the focus back on the toggle.
  const close = () => {
    setOpen(false);
    document.getElementById(toggleId)?.focus();
  };
  return (
    <div className="coordinator-disclosure">
      <button
        id={toggleId}
        type="button"
        className="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {props.toggle}
      </button>
      <div id={panelId} hidden={!open}>
        {open ? props.children(close) : null}
      </div>
    </div>
  );
}

function ReasonAction(props: {
  c: CaseDetail;
  available: boolean;
  toggle: string;
  fieldLabel: string;
  hint?: string;
  confirm: string;
  field: 'reason' | 'outcome';
  danger?: boolean;
  run: (text: string) => Promise<CaseDetail>;
  done: string;
}) {
  const command = useCaseCommand(props.c.id, props.run, () => props.done);
  if (!props.available) {
    return command.notice ? <CommandFeedback notice={command.notice} error={null} /> : null;
  }
  return (
    <>
      <Disclosure toggle={props.toggle}>
        {(close) => (
          <ReasonForm
            {...props}
            error={command.error}
            pending={command.isPending}
            onSubmit={(text) => command.mutate(text, { onSuccess: close })}
            onCancel={close}
          />
        )}
      </Disclosure>
      <CommandFeedback notice={command.notice} error={command.error} />
    </>
  );
}

function ReasonForm(props: {
  fieldLabel: string;
  hint?: string;
  confirm: string;
  field: string;
  danger?: boolean;
  error: unknown;
  pending: boolean;
  onSubmit: (text: string) => void;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSubmit(text);
  }
  return (
    <form onSubmit={submit} noValidate className="coordinator-inline-form">
      <TextArea
        label={props.fieldLabel}
        hint={props.hint}
        required
        errors={fieldErrors(props.error, props.field)}
        rows={3}
        value={text}
        autoFocus
        onChange={(e) => setText(e.target.value)}
      />
      <div className="form-actions">
        <button
          type="submit"
          className={`button ${props.danger ? 'button-danger' : 'button-primary'}`}
          disabled={props.pending}
        >
          {props.confirm}
        </button>
        <button type="button" className="button button-quiet" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Merge this case into another open one; the page then shows the case merged into. */
function MergeAction({ c }: { c: CaseDetail }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const merge = useCaseCommand(
    c.id,
    (intoCaseId: string) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/merge', {
          params: { path: { id: c.id } },
          body: { intoCaseId },
        }),
      ),
    (target) => `${c.reference} was merged into ${target.reference}.`,
    // The merged case is closed to work: go on with the case it was merged into.
    (target) => {
      queryClient.setQueryData(caseKeys.detail(target.id), target);
      void navigate(`/cases/${target.id}`, {
        state: { notice: `${c.reference} was merged into this case.` },
      });
    },
  );
  return (
    <>
      <Disclosure toggle="Merge">
        {(close) => (
          <MergeForm
            c={c}
            error={merge.error}
            pending={merge.isPending}
            onCancel={close}
            onSubmit={(intoCaseId) => merge.mutate(intoCaseId)}
          />
        )}
      </Disclosure>
      <CommandFeedback notice={merge.notice} error={merge.error} />
    </>
  );
}

function MergeForm(props: {
  c: CaseDetail;
  error: unknown;
  pending: boolean;
  onSubmit: (intoCaseId: string) => void;
  onCancel: () => void;
}) {
  const [target, setTarget] = useState('');
  const candidates = useQuery({
    queryKey: [...caseKeys.inbox, 'merge-targets'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/cases', {
          params: { query: { status: OPEN_CASE_STATUSES, limit: 200 } },
          querySerializer: STATUS_LIST_QUERY,
        }),
      ),
  });
  if (candidates.isPending) return <Loading what="Loading open cases" />;
  if (candidates.isError) return <ProblemMessage error={candidates.error} />;
  const others = candidates.data.items.filter((o) => o.id !== props.c.id);
  if (others.length === 0) {
    return <p>There is no other open case to merge into.</p>;
  }
  return (
    <form
      noValidate
      className="coordinator-inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(target);
      }}
    >
      <SelectInput
        label="Case to merge into"
        hint="This case’s referrals, notes and suggestions move there; this case is closed to work."
        required
        errors={fieldErrors(props.error, 'intoCaseId')}
        value={target}
        autoFocus
        onChange={(e) => setTarget(e.target.value)}
      >
        <option value="">Choose a case…</option>
        {others.map((o) => (
          <option key={o.id} value={o.id}>
            {o.reference} · {o.merchantNames.join('; ') || 'no merchant name'} · {label(o.status)}
          </option>
        ))}
      </SelectInput>
      <div className="form-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={props.pending || target === ''}
        >
          Confirm merge
        </button>
        <button type="button" className="button button-quiet" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
