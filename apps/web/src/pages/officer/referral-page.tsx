import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { formatDateTime } from '../../components/format';
import { Badge, Details, Notice, PageHeader, ProblemMessage, QueryView } from '../../components/ui';
import { AgencyOutcomesPanel, AgencyQuestions } from './agency-outcomes';
import { AttachmentsPanel } from './attachments';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { activeHolds, holdAsk, HoldsList } from './holds';
import { MemberActionsPanel } from './member-actions';
import { Filed } from './referral-filed';
import { InfoRequests } from './referral-questions';
import { decision, flaggedBy } from './referrals-page';
import { statusLabel, WITHDRAWABLE } from './vocabulary';

type Referral = Schemas['ReferralResponse'];

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
      {r.submittedAt ? (
        <Link to={`/referrals/${r.id}/receipt`} className="button">
          Receipt
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
          <AgencyOutcomesPanel referral={r} />
          <MemberActionsPanel referral={r} mayRecord={mayWrite} />
          <InfoRequests referral={r} mayAnswer={mayWrite} />
          <AgencyQuestions referral={r} mayAnswer={mayWrite} />
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
