import type { Area } from '../areas';
import { AccountPage } from './account-page';

/** Everyone's own account: profile, second factor, password. (Its link is fixed in the layout.) */
export const accountArea: Area = {
  routes: [{ path: 'account', element: <AccountPage /> }],
  nav: [],
};
