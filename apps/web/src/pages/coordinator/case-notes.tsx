import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { formatDateTime } from '../../components/format';
import { Badge } from '../../components/ui';
import { TextArea, SelectInput } from '../../components/controls';
import { CommandFeedback, fieldErrors, useCaseCommand, type CaseDetail } from './case-command';
import { When } from '../../components/when';

/** Coordinator-internal notes: never shown to members or agencies. */
export function NotesSection({ c }: { c: CaseDetail }) {
  const user = useUser();
  const [body, setBody] = useState('');
  const add = useCaseCommand(
    c.id,
    (text: string) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/notes', {
          params: { path: { id: c.id } },
          body: { body: text },
        }),
      ),
    () => 'Note added.',
  );
  return (
    <section className="panel" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes ({c.notes.length})</h2>
      {c.notes.length === 0 ? (
        <p className="coordinator-muted">No notes yet. Notes are for coordinators only.</p>
      ) : (
        <ol className="coordinator-notes">
          {c.notes.map((n) => (
            <li key={n.id}>
              <p className="coordinator-meta">
                <strong>{n.author.displayName}</strong> · <When at={n.createdAt} />
              </p>
              <p className="coordinator-text">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
      {can(user, 'cases.write') ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(body, { onSuccess: () => setBody('') });
          }}
        >
          <TextArea
            label="Note"
            hint="Seen by coordinators only."
            errors={fieldErrors(add.error, 'body')}
            rows={3}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <div className="form-actions">
            <button type="submit" className="button" disabled={add.isPending}>
              Add note
            </button>
          </div>
          <CommandFeedback notice={add.notice} error={add.error} />
        </form>
      ) : null}
    </section>
  );
}

/** Questions to a referral's filer; the referral shows "information requested" until answered. */
export function InfoRequestsSection({ c }: { c: CaseDetail }) {
  const user = useUser();
  const askable = c.referrals.filter((r) => ['in_review', 'info_requested'].includes(r.status));
  const canAsk =
    can(user, 'cases.write') && ['triage', 'in_review'].includes(c.status) && askable.length > 0;
  const [referralId, setReferralId] = useState('');
  const [question, setQuestion] = useState('');
  const chosen = referralId || (askable.length === 1 ? askable[0].id : '');
  const ask = useCaseCommand(
    c.id,
    (body: { referralId: string; question: string }) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/info-requests', {
          params: { path: { id: c.id } },
          body,
        }),
      ),
    (request) => `Question sent to the filer of ${request.referralReference}.`,
  );
  return (
    <section className="panel" aria-labelledby="info-requests-title">
      <h2 id="info-requests-title">Information requests ({c.infoRequests.length})</h2>
      {c.infoRequests.length === 0 ? (
        <p className="coordinator-muted">No questions asked yet.</p>
      ) : (
        <ol className="coordinator-notes">
          {c.infoRequests.map((i) => (
            <li key={i.id}>
              <p className="coordinator-meta">
                <span className="mono">{i.referralReference}</span> ·{' '}
                <Badge
                  value={
                    i.status === 'open'
                      ? 'info_requested'
                      : i.status === 'answered'
                        ? 'accepted'
                        : 'withdrawn'
                  }
                  text={
                    i.status === 'open'
                      ? 'Awaiting answer'
                      : i.status === 'answered'
                        ? 'Answered'
                        : 'Cancelled'
                  }
                />
              </p>
              <p className="coordinator-text">
                <strong>Q:</strong> {i.question}
              </p>
              <p className="coordinator-meta">
                Asked by {i.askedBy?.displayName ?? 'a coordinator'} · <When at={i.askedAt} />
              </p>
              {i.answer ? (
                <>
                  <p className="coordinator-text">
                    <strong>A:</strong> {i.answer}
                  </p>
                  <p className="coordinator-meta">
                    Answered {i.answeredBy ? `by ${i.answeredBy.displayName} ` : ''}·{' '}
                    {formatDateTime(i.answeredAt)}
                  </p>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {canAsk ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            ask.mutate(
              { referralId: chosen, question },
              {
                onSuccess: () => {
                  setQuestion('');
                  setReferralId('');
                },
              },
            );
          }}
        >
          <h3>Ask a filer</h3>
          <SelectInput
            label="Referral"
            hint="Its filer is asked; they do not learn about the case or other members."
            required
            errors={fieldErrors(ask.error, 'referralId')}
            value={chosen}
            onChange={(e) => setReferralId(e.target.value)}
          >
            {askable.length > 1 ? <option value="">Choose a referral…</option> : null}
            {askable.map((r) => (
              <option key={r.id} value={r.id}>
                {r.reference} · {r.filer.legalName}
              </option>
            ))}
          </SelectInput>
          <TextArea
            label="Question"
            required
            errors={fieldErrors(ask.error, 'question')}
            rows={3}
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
          />
          <div className="form-actions">
            <button type="submit" className="button" disabled={ask.isPending}>
              Send request
            </button>
          </div>
          <CommandFeedback notice={ask.notice} error={ask.error} />
        </form>
      ) : null}
    </section>
  );
}
