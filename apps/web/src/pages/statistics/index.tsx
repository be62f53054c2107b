import { can } from '../../auth/session';
import { lazyPage } from '../../components/lazy-page';
import type { Area } from '../areas';

const StatisticsPage = lazyPage(() => import('./statistics-page'), 'StatisticsPage');

/**
 * Aggregate figures for auditors and the platform administrator, and the
 * yearly transparency report. Reading and exporting are audited.
 */
export const statisticsArea: Area = {
  routes: [{ path: 'statistics', element: <StatisticsPage /> }],
  nav: [
    { to: '/statistics', label: 'Statistics', visible: (user) => can(user, 'statistics.read') },
  ],
};
