import './notifications.css';
import { lazyPage } from '../../components/lazy-page';
import type { Area } from '../areas';

const NotificationsPage = lazyPage(() => import('./notifications-page'), 'NotificationsPage');

/** Everyone's own notifications and mail choices. (Its link, with the unread count, is in the layout.) */
export const notificationsArea: Area = {
  routes: [{ path: 'notifications', element: <NotificationsPage /> }],
  nav: [],
};
