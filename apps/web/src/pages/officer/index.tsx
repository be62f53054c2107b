import { can } from '../../auth/session';
import type { Area } from '../areas';
import './officer.css';
import { lazyPage } from '../../components/lazy-page';

const EditReferralPage = lazyPage(() => import('./referral-form-page'), 'EditReferralPage');
const NewReferralPage = lazyPage(() => import('./referral-form-page'), 'NewReferralPage');
const ReferralPage = lazyPage(() => import('./referral-page'), 'ReferralPage');
const ReferralReceiptPage = lazyPage(
  () => import('./referral-receipt-page'),
  'ReferralReceiptPage',
);
const ReferralsPage = lazyPage(() => import('./referrals-page'), 'ReferralsPage');

/**
 * The compliance officer's pages (members): their organization's referrals,
 * the referral form in steps (validated by the API as they type), the receipt
 * after submitting, and each referral
 * with its holds, questions and documents.
 */
export const officerArea: Area = {
  routes: [
    { path: 'referrals', element: <ReferralsPage /> },
    { path: 'referrals/new', element: <NewReferralPage /> },
    { path: 'referrals/:id', element: <ReferralPage /> },
    { path: 'referrals/:id/edit', element: <EditReferralPage /> },
    { path: 'referrals/:id/receipt', element: <ReferralReceiptPage /> },
  ],
  nav: [{ to: '/referrals', label: 'Referrals', visible: (user) => can(user, 'referrals.create') }],
};
