import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { formatDateTime, label } from '../../components/format';
import { Badge, Details, Field, ProblemMessage } from '../../components/ui';
import { ActionNotice, fieldErrors, FormProblem } from './action-notice';
import { OUTCOMES, STATUS_HINT, type Dispatch, type DispatchOutcome } from './vocabulary';

/** Put the dispatch a command answered with in the cache: the page shows it without reading it again. */
/** A 409 is shown once, by the panel; other problems stay with their form. */
function withoutConflict(error: unknown): unknown {
  return error instanceof ApiError && error.status === 409 ? null : error;
}

/** Where a form reports that the dispatch changed under it (409): the panel keeps the words. */
const ConflictReporter = createContext<(error: unknown) => void>(() => undefined);

function useDispatchCommand<T>(
  dispatchId: string,
  run: (input: T) => Promise<Dispatch>,
  done: (input: T) => void,
  onConflict?: (error: unknown) => void,
) {
  const queryClient = useQueryClient();
  const contextReporter = useContext(ConflictReporter);
  const reportConflict = onConflict ?? contextReporter;
  return useMutation({
    mutationFn: run,
    // Here rather than in mutate(): the form that asked is gone once the status changes.
    onSuccess: (data, input) => {
      queryClient.setQueryData(['dispatch', dispatchId], data);
      void queryClient.invalidateQueries({ queryKey: ['dispatches'] });
      done(input);
    },
    // Someone at the agency acted first: show where the dispatch stands now.
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        // The form that asked may disappear with the refreshed status; the panel keeps the words.
        reportConflict(error);
        void queryClient.invalidateQueries({ queryKey: ['dispatch', dispatchId], exact: true });
      }
    },
  });
}

/** Where the dispatch stands and what the agency can do next: acknowledge, accept, decline, report an outcome. */
export function DecisionPanel({ dispatch }: { dispatch: Dispatch }) {
  const [notice, setNoticeText] = useState<string | null>(null);
  const [conflict, setConflict] = useState<unknown>(null);
  const setNotice = (text: string) => {
    setConflict(null);
    setNoticeText(text);
  };
  const reportConflict = (error: unknown) => {
    setNoticeText(null);
    setConflict(error);
  };
  const id = dispatch.id;
  const open = dispatch.status === 'delivered' || dispatch.status === 'acknowledged';

  const acknowledge = useDispatchCommand(
    id,
    () => unwrap(api.POST('/api/v1/dispatches/{id}/acknowledge', { params: { path: { id } } })),
    () => setNotice('Receipt acknowledged. The coalition sees it on the case.'),
    reportConflict,
  );

  return (
    <ConflictReporter.Provider value={reportConflict}>
      <section className="panel" aria-labelledby="decision-title">
        <h2 id="decision-title">Your agency’s decision</h2>
        <ActionNotice text={notice} />
        {conflict ? <ProblemMessage error={conflict} /> : null}
        <p>
          <Badge value={dispatch.status} /> {STATUS_HINT[dispatch.status]}
        </p>
        <Details
          items={[
            ['Received', formatDateTime(dispatch.deliveredAt)],
            ['Acknowledged', formatDateTime(dispatch.acknowledgedAt)],
            ...(dispatch.acceptedAt
              ? ([['Accepted', formatDateTime(dispatch.acceptedAt)]] as [string, string][])
              : []),
            ...(dispatch.declinedAt
              ? ([['Declined', formatDateTime(dispatch.declinedAt)]] as [string, string][])
              : []),
            ['Your case number', dispatch.leCaseNumber ?? '—'],
            ...(dispatch.status === 'accepted'
              ? ([
                  ['Outcome', dispatch.outcome ? label(dispatch.outcome) : 'Not reported yet'],
                  ['Outcome reported', formatDateTime(dispatch.outcomeAt)],
                ] as [string, string][])
              : []),
          ]}
        />
        {dispatch.declineReason ? (
          <p>
            <strong>Reason given:</strong> {dispatch.declineReason}
          </p>
        ) : null}
        {dispatch.outcomeNote ? (
          <p>
            <strong>Outcome note:</strong> {dispatch.outcomeNote}
          </p>
        ) : null}

        {dispatch.status === 'delivered' ? (
          <div className="liaison-action">
            <h3>Acknowledge receipt</h3>
            <p className="liaison-small">
              Tells the coalition your agency has the package and is looking at it. You can accept
              or decline straight away instead.
            </p>
            <FormProblem error={withoutConflict(acknowledge.error)} fields={[]} />
            <button
              type="button"
              className="button button-primary"
              disabled={acknowledge.isPending}
              onClick={() => acknowledge.mutate(undefined)}
            >
              Acknowledge
            </button>
          </div>
        ) : null}

        {open ? (
          <div className="liaison-decide">
            <AcceptForm dispatch={dispatch} onDone={setNotice} />
            <DeclineForm dispatch={dispatch} onDone={setNotice} />
          </div>
        ) : null}

        {dispatch.status === 'accepted' ? (
          <OutcomeForm dispatch={dispatch} onDone={setNotice} />
        ) : null}
      </section>
    </ConflictReporter.Provider>
  );
}

function AcceptForm({ dispatch, onDone }: { dispatch: Dispatch; onDone: (t: string) => void }) {
  const [caseNumber, setCaseNumber] = useState('');
  const id = dispatch.id;
  const accept = useDispatchCommand(
    id,
    (leCaseNumber: string) =>
      unwrap(
        api.POST('/api/v1/dispatches/{id}/accept', {
          params: { path: { id } },
          body: leCaseNumber ? { leCaseNumber } : {},
        }),
      ),
    (value) =>
      onDone(
        value
          ? `Case accepted. Your case number ${value} is recorded.`
          : 'Case accepted. You can report outcomes below as the matter progresses.',
      ),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    const value = caseNumber.trim();
    accept.mutate(value);
  }
  return (
    <form className="liaison-action" onSubmit={submit} noValidate aria-labelledby="accept-title">
      <h3 id="accept-title">Accept the case</h3>
      <FormProblem error={withoutConflict(accept.error)} fields={['leCaseNumber']} />
      <Field
        label="LE case number"
        hint="Your agency’s own reference, if it has one yet (optional)."
        errors={fieldErrors(accept.error, 'leCaseNumber')}
      >
        {({ id: fieldId, describedBy, invalid }) => (
          <input
            id={fieldId}
            value={caseNumber}
            maxLength={64}
            autoComplete="off"
            onChange={(e) => setCaseNumber(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      <button type="submit" className="button button-primary" disabled={accept.isPending}>
        Accept
      </button>
    </form>
  );
}

function DeclineForm({ dispatch, onDone }: { dispatch: Dispatch; onDone: (t: string) => void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const id = dispatch.id;
  const decline = useDispatchCommand(
    id,
    (text: string) =>
      unwrap(
        api.POST('/api/v1/dispatches/{id}/decline', {
          params: { path: { id } },
          body: { reason: text },
        }),
      ),
    () => onDone('Case declined. The coalition sees your reason and can route the case elsewhere.'),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    const text = reason.trim();
    if (text === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setConfirming(true);
  }
  const errors = missing
    ? [
        'Give the reason your agency declines the case; the coalition reads it to route it elsewhere.',
      ]
    : fieldErrors(decline.error, 'reason');
  return (
    <form className="liaison-action" onSubmit={submit} noValidate aria-labelledby="decline-title">
      <h3 id="decline-title">Decline the case</h3>
      <FormProblem error={withoutConflict(decline.error)} fields={['reason']} />
      <Field
        label="Reason for declining"
        hint="Required. The coalition reads it to route the case elsewhere."
        errors={errors}
        required
      >
        {({ id: fieldId, describedBy, invalid }) => (
          <textarea
            id={fieldId}
            value={reason}
            maxLength={2000}
            rows={3}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            aria-required="true"
          />
        )}
      </Field>
      <button type="submit" className="button button-danger" disabled={decline.isPending}>
        Decline
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Decline dispatch ${dispatch.reference}?`}
        confirm="Decline the case"
        cancel="Keep the case"
        danger
        busy={decline.isPending}
        onConfirm={() => {
          setConfirming(false);
          decline.mutate(reason.trim());
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Your agency will not act on this case; the coalition reads your reason and may route it
          elsewhere. A declined dispatch cannot be accepted afterwards: this cannot be undone.
        </p>
      </ConfirmDialog>
    </form>
  );
}

function OutcomeForm({ dispatch, onDone }: { dispatch: Dispatch; onDone: (t: string) => void }) {
  const [outcome, setOutcome] = useState<DispatchOutcome | ''>(dispatch.outcome ?? '');
  const [note, setNote] = useState(dispatch.outcomeNote ?? '');
  const [shareCaseNumber, setShareCaseNumber] = useState(dispatch.shareCaseNumberWithFilers);
  const [missing, setMissing] = useState<string | null>(null);
  const id = dispatch.id;
  const record = useDispatchCommand(
    id,
    (body: { outcome: DispatchOutcome; note?: string; shareCaseNumberWithFilers: boolean }) =>
      unwrap(api.POST('/api/v1/dispatches/{id}/outcome', { params: { path: { id } }, body })),
    (body) =>
      onDone(`Outcome recorded: ${OUTCOMES[body.outcome].label}. The coalition can see it.`),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    if (outcome === '') {
      setMissing('outcome');
      return;
    }
    const text = note.trim();
    if (outcome === 'other' && text === '') {
      setMissing('note');
      return;
    }
    setMissing(null);
    record.mutate({
      outcome,
      ...(text ? { note: text } : {}),
      shareCaseNumberWithFilers: shareCaseNumber,
    });
  }
  return (
    <form className="liaison-action" onSubmit={submit} noValidate aria-labelledby="outcome-title">
      <h3 id="outcome-title">{dispatch.outcome ? 'Update the outcome' : 'Record an outcome'}</h3>
      <p className="liaison-small">
        Report what came of the case as it progresses; the latest report stands, and every report is
        kept in the audit trail.
      </p>
      <FormProblem error={withoutConflict(record.error)} fields={['outcome', 'note']} />
      <div className="inline-fields">
        <Field
          label="Outcome"
          required
          hint={outcome ? `That is: ${OUTCOMES[outcome].meaning}.` : undefined}
          errors={
            missing === 'outcome' ? ['Choose an outcome.'] : fieldErrors(record.error, 'outcome')
          }
        >
          {({ id: fieldId, describedBy, invalid }) => (
            <select
              id={fieldId}
              value={outcome}
              onChange={(e) => setOutcome(e.target.value as DispatchOutcome | '')}
              aria-describedby={describedBy}
              aria-invalid={invalid}
              aria-required="true"
            >
              <option value="">Choose…</option>
              {(Object.keys(OUTCOMES) as DispatchOutcome[]).map((o) => (
                <option key={o} value={o}>
                  {OUTCOMES[o].label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field
        label="Outcome note"
        hint="For the coalition’s coordinators. Required when the outcome is “Other”."
        errors={
          missing === 'note'
            ? ['Say what happened: a note is required when the outcome is “Other”.']
            : fieldErrors(record.error, 'note')
        }
      >
        {({ id: fieldId, describedBy, invalid }) => (
          <textarea
            id={fieldId}
            value={note}
            rows={3}
            maxLength={4000}
            onChange={(e) => setNote(e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        )}
      </Field>
      {dispatch.leCaseNumber ? (
        <div className="field liaison-check">
          <input
            id="share-case-number"
            type="checkbox"
            checked={shareCaseNumber}
            onChange={(e) => setShareCaseNumber(e.target.checked)}
            aria-describedby="share-case-number-hint"
          />
          <div>
            <label htmlFor="share-case-number">
              Let the filing members see our case number ({dispatch.leCaseNumber})
            </label>
            <p id="share-case-number-hint" className="field-hint">
              Members always see the outcome in plain words and your agency’s name, never your note.
            </p>
          </div>
        </div>
      ) : null}
      <button type="submit" className="button button-primary" disabled={record.isPending}>
        Record outcome
      </button>
    </form>
  );
}
