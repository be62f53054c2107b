import { Suspense, useRef } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession, useUser } from '../auth/session';
import type { NavItem } from '../pages/areas';
import { useFocusHeadingOnNavigation } from './focus-heading';
import { label } from './format';
import { SearchBox } from './search-box';
import { Loading } from './ui';
import { UnreadBadge } from './unread-badge';

/** Header, side navigation and the page. Every signed-in page renders inside it. */
export function Layout({ nav }: { nav: NavItem[] }) {
  const user = useUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const items = nav.filter((item) => item.visible(user));
  const main = useRef<HTMLElement>(null);
  useFocusHeadingOnNavigation(main, location.pathname);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand">
          Coalition Referral Hub
        </NavLink>
        <SearchBox />
        <div className="whoami">
          <span>
            <strong>{user.displayName}</strong> · {label(user.role)} · {user.organization.legalName}
          </span>
          <button
            type="button"
            className="button button-quiet"
            onClick={() => {
              void signOut().then(() => navigate('/sign-in', { replace: true }));
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <div className="body">
        <nav className="sidenav" aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
            <li>
              <NavLink to="/notifications">
                Notifications <UnreadBadge />
              </NavLink>
            </li>
            <li>
              <NavLink to="/account">My account</NavLink>
            </li>
          </ul>
        </nav>
        <main id="main" tabIndex={-1} key={location.pathname} ref={main}>
          <Suspense fallback={<Loading what="Opening the page" />}>
            <Outlet />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
