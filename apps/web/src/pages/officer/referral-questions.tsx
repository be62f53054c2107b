// The information requests the coalition has sent about a referral, each with the member's answer form.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { formatDateTime } from '../../components/format';
import { TextArea } from '../../components/controls';
import { Badge, Loading, Notice, ProblemMessage } from '../../components/ui';

type Referral = Schemas['ReferralResponse'];
type InfoRequest = Schemas['InfoRequestResponse'];

export function InfoRequests({ referral, mayAnswer }: { referral: Referral; mayAnswer: boolean }) {
  const requests = useQuery({
    queryKey: ['referral', referral.id, 'info-requests'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/referrals/{id}/info-requests', {
          params: { path: { id: referral.id } },
        }),
      ),
    enabled: referral.status !== 'draft',
  });
  if (referral.status === 'draft') return null;
  const open = requests.data?.items.filter((q) => q.status === 'open') ?? [];
  return (
    <section className="panel" aria-labelledby="questions-title">
      <h2 id="questions-title">
        Information requests{open.length > 0 ? ` (${open.length} open)` : ''}
      </h2>
      {requests.isPending ? (
        <Loading what="Loading questions" />
      ) : requests.isError ? (
        <ProblemMessage error={requests.error} />
      ) : requests.data.items.length === 0 ? (
        <p className="officer-none">The coalition has not asked anything about this referral.</p>
      ) : (
        <ol className="officer-questions">
          {requests.data.items.map((q, i) => (
            <Question
              key={q.id}
              request={q}
              number={i + 1}
              referralId={referral.id}
              mayAnswer={mayAnswer}
              several={open.length > 1}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

function Question(props: {
  request: InfoRequest;
  number: number;
  referralId: string;
  mayAnswer: boolean;
  several: boolean;
}) {
  const q = props.request;
  const queryClient = useQueryClient();
  const [answer, setAnswer] = useState('');
  const send = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/info-requests/{id}/answer', {
          params: { path: { id: q.id } },
          body: { answer },
        }),
      ),
    onSuccess: async () => {
      setAnswer('');
      await queryClient.invalidateQueries({ queryKey: ['referral', props.referralId] });
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
    },
  });
  const fieldErrors = send.error instanceof ApiError ? send.error.fieldMessages('answer') : [];
  return (
    <li className="officer-question">
      <p className="officer-question-meta">
        <Badge
          value={
            q.status === 'open'
              ? 'info_requested'
              : q.status === 'answered'
                ? 'accepted'
                : 'withdrawn'
          }
          text={q.status === 'open' ? 'Open' : q.status === 'answered' ? 'Answered' : 'Cancelled'}
        />{' '}
        Asked {formatDateTime(q.askedAt)}
      </p>
      <p className="officer-question-text">{q.question}</p>
      {q.answer ? (
        <div className="officer-answer">
          <p className="field-hint">Your answer, {formatDateTime(q.answeredAt)}</p>
          <p>{q.answer}</p>
        </div>
      ) : null}
      {send.isSuccess ? (
        <Notice>Answer sent. The referral returns to review once no question is left open.</Notice>
      ) : null}
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
            label={props.several ? `Your answer (question ${props.number})` : 'Your answer'}
            errors={fieldErrors}
            rows={4}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          <button type="submit" className="button button-primary" disabled={send.isPending}>
            {send.isPending ? 'Sending…' : 'Send answer'}
          </button>
        </form>
      ) : null}
    </li>
  );
}
