import type { Area } from '../areas';
import { can } from '../../auth/session';
import './coordinator.css';
import { lazyPage } from '../../components/lazy-page';

const AlertsPage = lazyPage(() => import('./alerts-page'), 'AlertsPage');
const CasePage = lazyPage(() => import('./case-page'), 'CasePage');
const CaseInboxPage = lazyPage(() => import('./inbox-page'), 'CaseInboxPage');
const OutcomesPage = lazyPage(() => import('./outcomes-page'), 'OutcomesPage');

/**
 * The coalition's coordinators and leads: the case inbox, the case workbench
 * (matching, questions to filers, routing, approval, dispatches), alerts, and
 * outcomes (counts per member and agency; agencies' questions to filers).
 * Write actions are hidden from roles without `cases.write`; the API decides.
 */
export const coordinatorArea: Area = {
  routes: [
    { path: 'cases', element: <CaseInboxPage /> },
    { path: 'cases/:id', element: <CasePage /> },
    { path: 'approvals', element: <CaseInboxPage fixedStatus="pending_approval" /> },
    { path: 'alerts', element: <AlertsPage /> },
    { path: 'outcomes', element: <OutcomesPage /> },
  ],
  nav: [
    { to: '/cases', label: 'Case inbox', visible: (user) => can(user, 'cases.read') },
    {
      to: '/approvals',
      label: 'Awaiting approval',
      visible: (user) => user.role === 'lead_coordinator',
    },
    { to: '/alerts', label: 'Alerts', visible: (user) => can(user, 'alerts.read') },
    { to: '/outcomes', label: 'Outcomes', visible: (user) => can(user, 'cases.read') },
  ],
};
