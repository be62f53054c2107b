import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { can, useUser } from '../../auth/session';
import { formatAmount, formatDate, formatDateTime } from '../../components/format';
import {
  Badge,
  Details,
  Field,
  Loading,
  Notice,
  PageHeader,
  ProblemMessage,
  QueryView,
} from '../../components/ui';
import { AttachmentsPanel } from './attachments';
import { ConfirmDialog } from './confirm-dialog';
import { activeHolds, holdAsk, HoldsList } from './holds';
import { MemberActionsPanel } from './member-actions';
import { decision, flaggedBy } from './referrals-page';
import {
  algorithmLabel,
  categoryLabel,
  directionLabel,
  indicatorLabel,
  ipEventLabel,
  observableLabel,
  railLabel,
  statusLabel,
  WITHDRAWABLE,
} from './vocabulary';

type Referral = Schemas['ReferralResponse'];
type InfoRequest = Schemas['InfoRequestResponse'];

/** Statuses in which the API still takes documents. */
const OPEN_FOR_DOCUMENTS = ['draft', 'submitted', 'in_review', 'info_requested'];

export function ReferralPage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: ['referral', id],
    queryFn: () => unwrap(api.GET('/api/v1/referrals/{id}', { params: { path: { id } } })),
    // Intake takes a submitted referral into review within moments: follow it until then.
    refetchInterval: (q) => (q.state.data?.status === 'submitted' ? 2000 : false),
  });
  return (
    <QueryView query={query} what="Loading the referral">
      {(referral) => <ReferralView referral={referral} />}
    </QueryView>
  );
}

function ReferralView({ referral: r }: { referral: Referral }) {
  const user = useUser();
  const location = useLocation();
  const queryClient = useQueryClient();
  const mayWrite = can(user, 'referrals.write');
  const arrivedWith = (location.state as { notice?: string } | null)?.notice;
  const [notice, setNotice] = useState<string | undefined>(arrivedWith);
  const [confirming, setConfirming] = useState(false);
  const holds = activeHolds(r.holds);

  const withdraw = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/referrals/{id}/withdraw', { params: { path: { id: r.id } } })),
    onSuccess: async (updated) => {
      setConfirming(false);
      setNotice(`Referral ${updated.reference} withdrawn.`);
      queryClient.setQueryData(['referral', r.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
      await queryClient.invalidateQueries({ queryKey: ['referral', r.id, 'info-requests'] });
    },
    onError: () => setConfirming(false),
  });

  const actions = (
    <>
      {r.status === 'draft' && mayWrite ? (
        <Link to={`/referrals/${r.id}/edit`} className="button button-primary">
          Edit draft
        </Link>
      ) : null}
      {WITHDRAWABLE.includes(r.status) && mayWrite ? (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Withdraw referral
        </button>
      ) : null}
    </>
  );

  return (
    <>
      <PageHeader
        title={`Referral ${r.reference}`}
        subtitle={
          <>
            <Badge value={r.status} text={statusLabel(r.status)} />{' '}
            {r.merchant?.legalName ?? 'Merchant not given yet'}
            {r.submittedAt ? ` · submitted ${formatDateTime(r.submittedAt)}` : ''}
          </>
        }
        actions={actions}
      />
      {notice ? <Notice>{notice}</Notice> : null}
      {withdraw.isError ? <ProblemMessage error={withdraw.error} /> : null}
      {holds.length > 0 ? (
        <div className="warning officer-hold-banner" role="note" aria-label="Active hold">
          <p>
            <strong>
              <span aria-hidden="true">⚠ </span>Law enforcement has asked members not to act while{' '}
              {holds.length === 1 ? 'this hold is' : 'these holds are'} active.
            </strong>
          </p>
          <ul>
            {holds.map((h) => (
              <li key={h.id}>
                {holdAsk(h.scope)} Until {formatDateTime(h.expiresAt)}.
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div className="grid-2">
        <div>
          <section className="panel" aria-labelledby="status-title">
            <h2 id="status-title">Status</h2>
            <Details
              items={[
                ['Status', <Badge key="s" value={r.status} text={statusLabel(r.status)} />],
                ['Decision', decision(r)],
                ['Other members', flaggedBy(r.otherMembersFlagging)],
                ['Submitted', formatDateTime(r.submittedAt)],
                ['Last updated', formatDateTime(r.updatedAt)],
                ['Created', formatDateTime(r.createdAt)],
              ]}
            />
            {r.status === 'submitted' ? (
              <p className="field-hint">
                The coalition’s intake takes a submitted referral into review.
              </p>
            ) : null}
          </section>
          <MemberActionsPanel referral={r} mayRecord={mayWrite} />
          <InfoRequests referral={r} mayAnswer={mayWrite} />
          <Filed referral={r} />
        </div>
        <div>
          <section className="panel" aria-labelledby="holds-title">
            <h2 id="holds-title">Holds</h2>
            <HoldsList holds={r.holds} />
          </section>
          <section className="panel" aria-labelledby="documents-title">
            <h2 id="documents-title">Documents</h2>
            <AttachmentsPanel
              referralId={r.id}
              canAdd={mayWrite && OPEN_FOR_DOCUMENTS.includes(r.status)}
            />
          </section>
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Withdraw referral ${r.reference}?`}
        confirm="Withdraw"
        cancel="Keep the referral"
        danger
        busy={withdraw.isPending}
        onConfirm={() => withdraw.mutate()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          The coalition stops working on it, and any open question about it is cancelled. A
          withdrawn referral cannot be reopened or edited.
        </p>
      </ConfirmDialog>
    </>
  );
}

function InfoRequests({ referral, mayAnswer }: { referral: Referral; mayAnswer: boolean }) {
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
          <Field
            label={props.several ? `Your answer (question ${props.number})` : 'Your answer'}
            errors={fieldErrors}
          >
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                rows={4}
                value={answer}
                onChange={(e) => setAnswer(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
              />
            )}
          </Field>
          <button type="submit" className="button button-primary" disabled={send.isPending}>
            {send.isPending ? 'Sending…' : 'Send answer'}
          </button>
        </form>
      ) : null}
    </li>
  );
}

/** What was filed, as the API returns it (tax and national ids masked). */
function Filed({ referral: r }: { referral: Referral }) {
  const m = r.merchant;
  const list = (values: string[] | undefined) =>
    values && values.length > 0 ? values.join(', ') : null;
  return (
    <section className="panel" aria-labelledby="filed-title">
      <h2 id="filed-title">What was filed</h2>
      <Details
        items={[
          ['Category', categoryLabel(r.category)],
          ['Priority', <Badge key="p" value={r.priority} />],
          ['TLP', `TLP:${r.tlp}`],
          [
            'Observed',
            r.observedFrom || r.observedTo
              ? `${formatDate(r.observedFrom)} – ${formatDate(r.observedTo)}`
              : null,
          ],
          ['Total amount', r.totalAmount ? formatAmount(r.totalAmount) : 'Unknown'],
          ['Escalation reason', r.escalationReason],
        ]}
      />
      <h3>Red-flag indicators</h3>
      {r.indicators.length ? (
        <ul className="officer-tags">
          {r.indicators.map((code) => (
            <li key={code}>{indicatorLabel(code)}</li>
          ))}
        </ul>
      ) : (
        <p className="officer-none">None ticked.</p>
      )}
      <h3>Merchant</h3>
      {m ? (
        <Details
          items={[
            ['Legal name', m.legalName],
            ['Country', m.country],
            ['Trading names', list(m.tradingNames)],
            ['Billing descriptors', list(m.descriptors)],
            ['MCC', m.mcc],
            [
              'Acquirer',
              m.acquirer
                ? [
                    m.acquirer.name,
                    m.acquirer.country,
                    m.acquirer.bin && `BIN ${m.acquirer.bin}`,
                    m.acquirer.ica && `ICA ${m.acquirer.ica}`,
                  ]
                    .filter(Boolean)
                    .join(' · ')
                : null,
            ],
            ['Merchant ids', list(m.merchantIds.map((x) => `${x.acquirerId} / ${x.mid}`))],
            ['Websites', list(m.websites)],
            ['Hosting countries', list(m.hostingCountries)],
            ['E-mail addresses', list(m.emails)],
            ['Phone numbers', list(m.phones)],
            ['Registration number', m.registrationNumber],
            ['Tax id (masked)', m.taxId],
            [
              'Principals',
              list(
                m.principals.map((p) =>
                  [
                    p.name,
                    p.countryOfResidence,
                    p.dateOfBirth && `born ${p.dateOfBirth}`,
                    p.nationalId && `id ${p.nationalId}`,
                  ]
                    .filter(Boolean)
                    .join(', '),
                ),
              ),
            ],
          ]}
        />
      ) : (
        <p className="officer-none">Not given yet.</p>
      )}
      <h3>Observables</h3>
      {r.observables.length ? (
        <div className="table-wrap">
          <table className="data officer-compact">
            <caption className="visually-hidden">Observables filed</caption>
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Value</th>
                <th scope="col">Details</th>
                <th scope="col">Seen at</th>
              </tr>
            </thead>
            <tbody>
              {r.observables.map((o, i) => (
                <tr key={i}>
                  <td>{observableLabel(o.type)}</td>
                  <td className="mono officer-break">{o.value}</td>
                  <td>
                    {[
                      o.algorithm && algorithmLabel(o.algorithm),
                      o.event && ipEventLabel(o.event),
                      o.viewedByReporter === null
                        ? null
                        : o.viewedByReporter
                          ? 'viewed by you'
                          : 'not viewed by you',
                      o.publiclyAvailable === null
                        ? null
                        : o.publiclyAvailable
                          ? 'public'
                          : 'not public',
                    ]
                      .filter(Boolean)
                      .join(' · ') || '—'}
                  </td>
                  <td>{formatDateTime(o.seenAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="officer-none">None.</p>
      )}
      <h3>Transactions</h3>
      {r.transactions.length ? (
        <div className="table-wrap">
          <table className="data officer-compact">
            <caption className="visually-hidden">Transactions filed</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Amount</th>
                <th scope="col">Rail</th>
                <th scope="col">Direction</th>
                <th scope="col">Counterparty</th>
              </tr>
            </thead>
            <tbody>
              {r.transactions.map((t, i) => (
                <tr key={i}>
                  <td>{formatDate(t.date)}</td>
                  <td>{formatAmount({ value: t.amount, currency: t.currency })}</td>
                  <td>{railLabel(t.rail)}</td>
                  <td>{directionLabel(t.direction)}</td>
                  <td>{t.counterparty ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="officer-none">None.</p>
      )}
      <h3>Narrative</h3>
      {r.narrative ? (
        <p className="officer-narrative">{r.narrative}</p>
      ) : (
        <p className="officer-none">Not written yet.</p>
      )}
    </section>
  );
}
