// "Ask the filer": the agency's questions to the filing members of this case, passed on by the
// coalition. The agency never learns who filed unless the member opted in to be named.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../components/format';
import { QueryView } from '../../components/ui';
import { SelectInput, TextArea } from '../../components/controls';
import { ActionNotice, fieldErrors, FormProblem } from './action-notice';
import type { CasePackageView } from './case-package';
import type { Dispatch } from './vocabulary';

/** Dispatch statuses in which the agency may ask: it has the package and has not declined. */
const ASKING_STATUSES: Dispatch['status'][] = ['delivered', 'acknowledged', 'accepted'];
const BODY_MAX = 4000;

export function AgencyQuestionsPanel({
  dispatch,
  pkg,
}: {
  dispatch: Dispatch;
  pkg: CasePackageView;
}) {
  const queryClient = useQueryClient();
  const key = ['dispatch', dispatch.id, 'questions'] as const;
  const [notice, setNotice] = useState<string | null>(null);
  const references = pkg.referrals.map((r) => r.reference).filter((r) => r !== '—');
  const [referralReference, setReferralReference] = useState(references[0] ?? '');
  const [body, setBody] = useState('');
  const questions = useQuery({
    queryKey: key,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/dispatches/{id}/questions', { params: { path: { id: dispatch.id } } }),
      ),
  });
  const ask = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/dispatches/{id}/questions', {
          params: { path: { id: dispatch.id } },
          body: { referralReference, body },
        }),
      ),
    onSuccess: async (asked) => {
      setBody('');
      setNotice(
        `Question sent to the filer of ${asked.referralReference} through the coalition. Their answer appears here.`,
      );
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    ask.mutate();
  }
  const canAsk = ASKING_STATUSES.includes(dispatch.status) && references.length > 0;
  return (
    <section className="panel" aria-labelledby="agency-questions-title">
      <h2 id="agency-questions-title">Questions to the filers</h2>
      <p className="liaison-small">
        Ask the member that filed a referral, through the coalition. Answers come from “coalition
        member” unless that member chose to be named to agencies.
      </p>
      <ActionNotice text={notice} />
      <QueryView query={questions} what="Loading your questions">
        {({ items }) =>
          items.length === 0 ? (
            <p>Your agency has not asked the filers anything about this case.</p>
          ) : (
            <ol className="liaison-questions">
              {items.map((q) => (
                <li key={q.id}>
                  <p className="liaison-small">
                    About <span className="mono">{q.referralReference}</span>, asked{' '}
                    {formatDateTime(q.askedAt)}
                  </p>
                  <p className="liaison-question-text">{q.body}</p>
                  {q.answer ? (
                    <div className="liaison-answer">
                      <p className="liaison-small">
                        Answer from {q.answeredBy}, {formatDateTime(q.answeredAt)}
                      </p>
                      <p>{q.answer}</p>
                    </div>
                  ) : (
                    <p className="liaison-small">Not answered yet.</p>
                  )}
                </li>
              ))}
            </ol>
          )
        }
      </QueryView>
      {canAsk ? (
        <form
          className="liaison-action"
          onSubmit={submit}
          noValidate
          aria-labelledby="ask-filer-title"
        >
          <h3 id="ask-filer-title">Ask the filer</h3>
          <FormProblem error={ask.error} fields={['referralReference', 'body']} />
          <SelectInput
            label="Referral"
            required
            value={referralReference}
            onChange={(e) => setReferralReference(e.target.value)}
            errors={fieldErrors(ask.error, 'referralReference')}
            options={references}
          />
          <TextArea
            label="Your question"
            required
            hint="The filer reads it as written; it is kept in the audit trail."
            value={body}
            rows={4}
            maxLength={BODY_MAX}
            onChange={(e) => setBody(e.target.value)}
            errors={fieldErrors(ask.error, 'body')}
          />
          <button type="submit" className="button button-primary" disabled={ask.isPending}>
            {ask.isPending ? 'Sending…' : 'Send question'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
