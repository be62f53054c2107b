// What the agencies did with the case behind a referral, and the questions they asked its filer
// through the coalition (the agency never learns who the filer is unless it opted in to be named).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { formatDateTime } from '../../components/format';
import { TextArea } from '../../components/controls';
import { Badge, Loading, Notice, ProblemMessage } from '../../components/ui';

type Referral = Schemas['ReferralResponse'];
type AgencyQuestion = Schemas['MemberAgencyQuestionResponse'];

/** The latest outcome each agency reported, in plain words. */
export function AgencyOutcomesPanel({ referral }: { referral: Referral }) {
  if (referral.status === 'draft') return null;
  return (
    <section className="panel" aria-labelledby="agency-outcomes-title">
      <h2 id="agency-outcomes-title">What law enforcement reported</h2>
      {referral.agencyOutcomes.length === 0 ? (
        <p className="officer-none">
          No agency has reported an outcome on this referral’s case yet.
        </p>
      ) : (
        <ul className="officer-outcomes">
          {referral.agencyOutcomes.map((o) => (
            <li key={`${o.agency}-${o.recordedAt}`} className="officer-outcome">
              <p>
                <strong>{o.summary}</strong>
              </p>
              <p className="field-hint">
                {o.agency} · reported {formatDateTime(o.recordedAt)}
                {o.agencyCaseNumber ? ` · agency case number ${o.agencyCaseNumber}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Questions an agency asked the filer through the coalition, each with its answer form. */
export function AgencyQuestions({
  referral,
  mayAnswer,
}: {
  referral: Referral;
  mayAnswer: boolean;
}) {
  const questions = useQuery({
    queryKey: ['referral', referral.id, 'agency-questions'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/referrals/{id}/questions', { params: { path: { id: referral.id } } }),
      ),
    enabled: referral.status !== 'draft',
  });
  if (referral.status === 'draft') return null;
  const open = questions.data?.items.filter((q) => q.status === 'open') ?? [];
  return (
    <section className="panel" aria-labelledby="agency-questions-title">
      <h2 id="agency-questions-title">
        Questions from law enforcement{open.length > 0 ? ` (${open.length} open)` : ''}
      </h2>
      <p className="field-hint">
        The coalition passes these on: the agency sees your answer from “coalition member”, not your
        company’s name, unless your company chose to be named to agencies.
      </p>
      {questions.isPending ? (
        <Loading what="Loading questions from law enforcement" />
      ) : questions.isError ? (
        <ProblemMessage error={questions.error} />
      ) : questions.data.items.length === 0 ? (
        <p className="officer-none">No agency has asked anything about this referral.</p>
      ) : (
        <ol className="officer-questions">
          {questions.data.items.map((q, i) => (
            <AgencyQuestionItem
              key={q.id}
              question={q}
              number={i + 1}
              referralId={referral.id}
              mayAnswer={mayAnswer && referral.status !== 'withdrawn'}
              several={open.length > 1}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function AgencyQuestionItem(props: {
  question: AgencyQuestion;
  number: number;
  referralId: string;
  mayAnswer: boolean;
  several: boolean;
}) {
  const q = props.question;
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState('');
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/referrals/{id}/questions/{questionId}/answer', {
          params: { path: { id: props.referralId, questionId: q.id } },
          body: { answer },
        }),
      ),
    onSuccess: async () => {
      setAnswer('');
      await queryClient.invalidateQueries({
        queryKey: ['referral', props.referralId, 'agency-questions'],
      });
    },
  });
  const fieldErrors = send.error instanceof ApiError ? send.error.fieldMessages('answer') : [];
  return (
    <li className="officer-question">
      <p className="officer-question-meta">
        <Badge
          value={q.status === 'open' ? 'info_requested' : 'accepted'}
          text={q.status === 'open' ? 'Open' : 'Answered'}
        />{' '}
        {q.agency} asked {formatDateTime(q.askedAt)}
      </p>
      <p className="officer-question-text">{q.body}</p>
      {q.answer ? (
        <div className="officer-answer">
          <p className="field-hint">Your answer, {formatDateTime(q.answeredAt)}</p>
          <p>{q.answer}</p>
        </div>
      ) : null}
      {send.isSuccess ? <Notice>Answer sent to the agency through the coalition.</Notice> : null}
      {q.status === 'open' && props.mayAnswer ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate();
          }}
        >
          {send.isError && fieldErrors.length === 0 ? <ProblemMessage error={send.error} /> : null}
          <TextArea
            label={
              props.several
                ? `Your answer to the agency (question ${props.number})`
                : 'Your answer to the agency'
            }
            errors={fieldErrors}
            rows={4}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={send.isPending}>
            {send.isPending ? 'Sending…' : 'Send answer to the agency'}
          </button>
        </form>
      ) : null}
    </li>
  );
}
