import type { RouteObject } from 'react-router-dom';
import type { User } from '../auth/session';

/** A link in the side navigation, shown to people the predicate admits. */
export interface NavItem {
  to: string;
  label: string;
  visible: (user: User) => boolean;
  /** Highlight only on this exact address, not on the addresses under it (`/audit` vs `/audit/verify`). */
  end?: boolean;
}

/** One area of the console (officer, coordinator, ...): its pages and its links. */
export interface Area {
  routes: RouteObject[];
  nav: NavItem[];
}
