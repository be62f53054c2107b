import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { useUser } from '../../auth/session';
import { formatDateTime } from '../../components/format';
import { Details, Notice, PageHeader, QueryView } from '../../components/ui';
import { Filed } from './referral-filed';
import { statusLabel } from './vocabulary';

type Referral = Schemas['ReferralResponse'];

/**
 * The receipt the officer lands on after submitting: the reference, when it
 * was submitted, by which organization, and what was filed as the API
 * stored it (tax and national ids masked). Nothing beyond what the filing
 * organization sees on the referral itself. Printable: the console's print
 * styles drop the navigation and the buttons.
 */
export function ReferralReceiptPage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: ['referral', id],
    queryFn: () => unwrap(api.GET('/api/v1/referrals/{id}', { params: { path: { id } } })),
  });
  return (
    <QueryView query={query} what="Loading the receipt">
      {(referral) => <Receipt referral={referral} />}
    </QueryView>
  );
}

function Receipt({ referral: r }: { referral: Referral }) {
  const user = useUser();
  if (r.status === 'draft' || !r.submittedAt) {
    return (
      <>
        <PageHeader title={`Referral ${r.reference}`} />
        <p className="warning" role="status">
          This referral is still a draft; its receipt is ready once it is submitted.{' '}
          <Link to={`/referrals/${r.id}/edit?step=review`}>Review and submit the draft</Link>
        </p>
      </>
    );
  }
  return (
    <div className="officer-receipt">
      <PageHeader
        title={`Receipt for referral ${r.reference}`}
        subtitle={`TLP:${r.tlp}. Keep it with your own records; it shows only what your organization filed.`}
      />
      <Notice>
        Referral {r.reference} submitted. The coalition’s intake takes it into review shortly.
      </Notice>
      <section className="panel" aria-labelledby="receipt-title">
        <h2 id="receipt-title">Receipt</h2>
        <Details
          items={[
            ['Reference', <strong key="ref">{r.reference}</strong>],
            ['Submitted', formatDateTime(r.submittedAt)],
            ['Filing organization', user.organization.legalName],
            ['Status now', statusLabel(r.status)],
            ['Marking', `TLP:${r.tlp}`],
          ]}
        />
        <div className="form-actions no-print">
          <button type="button" className="button button-primary" onClick={() => window.print()}>
            Print this receipt
          </button>
          <Link to={`/referrals/${r.id}`}>Open the referral</Link>
          <Link to="/referrals">Back to referrals</Link>
        </div>
      </section>
      <Filed referral={r} />
    </div>
  );
}
