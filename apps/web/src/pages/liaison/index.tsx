import { can } from '../../auth/session';
import type { Area } from '../areas';
import './liaison.css';
import { lazyPage } from '../../components/lazy-page';

const DispatchPage = lazyPage(() => import('./dispatch-page'), 'DispatchPage');
const DispatchesPage = lazyPage(() => import('./dispatches-page'), 'DispatchesPage');
const PrintPage = lazyPage(() => import('./print-page'), 'PrintPage');

/**
 * The law-enforcement liaison's pages: the agency's inbox of dispatches, the
 * case package with the agency's decision and holds, and a print view.
 * Coordinators read dispatches through their cases, so the link is the liaison's.
 */
export const liaisonArea: Area = {
  routes: [
    { path: 'dispatches', element: <DispatchesPage /> },
    { path: 'dispatches/:id', element: <DispatchPage /> },
    { path: 'dispatches/:id/print', element: <PrintPage /> },
  ],
  nav: [
    {
      to: '/dispatches',
      label: 'Dispatches',
      visible: (user) => user.role === 'le_liaison' && can(user, 'dispatches.read'),
    },
  ],
};
