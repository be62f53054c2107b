import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { api, onSessionEnded, refreshSession, unwrap, type Schemas } from '../api/client';
import { ApiError } from '../api/problem';
import { forgetTokens, rememberTokens, storedRefreshToken } from '../api/tokens';

export type User = Schemas['MeResponse'];
export type Role = User['role'];

export type SignInOutcome =
  | { kind: 'signed_in'; user: User }
  | { kind: 'otp_required' }
  | { kind: 'refused'; error: ApiError };

type SessionState =
  | { status: 'loading' }
  | { status: 'signed_out'; reason?: 'expired' | 'signed_out' }
  | { status: 'signed_in'; user: User };

interface SessionContextValue {
  state: SessionState;
  signIn: (email: string, password: string, otp?: string) => Promise<SignInOutcome>;
  signOut: () => Promise<void>;
  /** Re-read the signed-in person (after enrolling a second factor, say). */
  reload: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  // A reload keeps the session while the tab lives: exchange the stored refresh token.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (!storedRefreshToken()) {
        setState({ status: 'signed_out' });
        return;
      }
      if (!(await refreshSession())) {
        // There was a session in this tab, and the API no longer accepts it.
        if (!cancelled) setState({ status: 'signed_out', reason: 'expired' });
        return;
      }
      try {
        const user = await unwrap(api.GET('/api/v1/auth/me'));
        if (!cancelled) setState({ status: 'signed_in', user });
      } catch {
        forgetTokens();
        if (!cancelled) setState({ status: 'signed_out', reason: 'expired' });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => onSessionEnded(() => setState({ status: 'signed_out', reason: 'expired' })), []);

  const signIn = useCallback(
    async (email: string, password: string, otp?: string): Promise<SignInOutcome> => {
      try {
        const pair = await unwrap(
          api.POST('/api/v1/auth/login', { body: { email, password, ...(otp ? { otp } : {}) } }),
        );
        rememberTokens(pair);
        setState({ status: 'signed_in', user: pair.user });
        return { kind: 'signed_in', user: pair.user };
      } catch (error) {
        const apiError =
          error instanceof ApiError ? error : new ApiError({ title: 'Sign-in failed', status: 0 });
        if (apiError.status === 401 && apiError.code === 'mfa_required')
          return { kind: 'otp_required' };
        return { kind: 'refused', error: apiError };
      }
    },
    [],
  );

  const signOut = useCallback(async () => {
    // The API ends the whole session (every refresh token of it); the tab forgets its tokens either way.
    await api.POST('/api/v1/auth/logout').catch(() => undefined);
    forgetTokens();
    setState({ status: 'signed_out', reason: 'signed_out' });
  }, []);

  const reload = useCallback(async () => {
    const user = await unwrap(api.GET('/api/v1/auth/me'));
    setState({ status: 'signed_in', user });
  }, []);

  const value = useMemo(
    () => ({ state, signIn, signOut, reload }),
    [state, signIn, signOut, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person; only for pages behind RequireSession. */
export function useUser(): User {
  const { state } = useSession();
  if (state.status !== 'signed_in') throw new Error('useUser without a session');
  return state.user;
}

export function can(user: User, permission: string): boolean {
  return user.permissions.some((held) => held === permission);
}
