import { lazyPage } from '../../components/lazy-page';
import type { Area } from '../areas';

const AccountPage = lazyPage(() => import('./account-page'), 'AccountPage');

/** Everyone's own account: profile, second factor, password. (Its link is fixed in the layout.) */
export const accountArea: Area = {
  routes: [{ path: 'account', element: <AccountPage /> }],
  nav: [],
};
