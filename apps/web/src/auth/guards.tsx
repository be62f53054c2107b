import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Loading } from '../components/ui';
import { useSession, type User } from './session';

/** Where sign-in sends the person afterwards (the router's location state of the sign-in pages). */
export interface ReturnTo {
  returnTo?: string;
  /** The user id of the person the page was open for; absent when nobody was signed in in this tab. */
  owner?: string;
}

/**
 * Where a person goes after signing in: back to the page they were sent to
 * sign in from, unless that page was someone else's (a previous person in
 * this tab, signed out or expired); otherwise their own home.
 */
export function afterSignIn(user: User, back: ReturnTo | null | undefined): string {
  const returnTo = back?.returnTo;
  if (!returnTo || returnTo === '/sign-in' || returnTo === '/session-expired') return homeFor(user);
  if (back.owner !== undefined && back.owner !== user.id) return homeFor(user);
  return returnTo;
}

/** Pages behind a session: signed-out people go to sign in (or to "session expired"). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading what="Restoring your session" />;
  if (state.status === 'signed_out') {
    // The page to come back to after signing in, and whose page it is: when the
    // tab knows who was signed in before, only that person is brought back to it.
    const back: ReturnTo = {
      returnTo: `${location.pathname}${location.search}`,
      owner: state.previousUserId,
    };
    const target = state.reason === 'expired' ? '/session-expired' : '/sign-in';
    return <Navigate to={target} replace state={back} />;
  }
  const user = state.user;
  // A role that must use a second factor and has none may only enrol.
  if (user.mfaRequired && !user.mfaEnabled && location.pathname !== '/account') {
    return <Navigate to="/account" replace />;
  }
  return <>{children}</>;
}

/** Where each role starts. */
export function homeFor(user: User): string {
  switch (user.role) {
    case 'member_reporter':
    case 'member_admin':
      return '/referrals';
    case 'coordinator':
    case 'lead_coordinator':
      return '/cases';
    case 'le_liaison':
      return '/dispatches';
    case 'auditor':
      return '/audit';
    case 'platform_admin':
      return '/admin/organizations';
  }
}

export function Home() {
  const { state } = useSession();
  if (state.status !== 'signed_in') return null;
  return <Navigate to={homeFor(state.user)} replace />;
}
