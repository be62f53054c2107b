import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Loading } from '../components/ui';
import { useSession, type User } from './session';

/** Pages behind a session: signed-out people go to sign in (or to "session expired"). */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading what="Restoring your session" />;
  if (state.status === 'signed_out') {
    const returnTo = `${location.pathname}${location.search}`;
    const target = state.reason === 'expired' ? '/session-expired' : '/sign-in';
    return <Navigate to={target} replace state={{ returnTo }} />;
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
