import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, onSessionEnded, refreshSession, unwrap, type Schemas } from '../api/client';
import { ApiError } from '../api/problem';
import { rememberTokens, storedRefreshToken, storedSessionOwner } from '../api/tokens';
import { forgetThePerson } from './forget';

export type User = Schemas['MeResponse'];
export type Role = User['role'];

export type SignInOutcome =
  | { kind: 'signed_in'; user: User }
  | { kind: 'otp_required' }
  | { kind: 'refused'; error: ApiError };

type SessionState =
  | { status: 'loading' }
  | {
      status: 'signed_out';
      reason?: 'expired' | 'signed_out';
      /** Who was signed in in this tab before (a user id), when known. */
      previousUserId?: string;
    }
  | { status: 'signed_in'; user: User };

interface SessionContextValue {
  state: SessionState;
  signIn: (email: string, password: string, otp?: string) => Promise<SignInOutcome>;
  /** Finish a single sign-on: the one-time code the API's callback handed over. */
  signInWithCode: (code: string, otp?: string) => Promise<SignInOutcome>;
  signOut: () => Promise<void>;
  /** Re-read the signed-in person (after enrolling a second factor, say). */
  reload: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  // Whose session this tab holds (or last held), for the session-end listener.
  const owner = useRef<string | undefined>(undefined);

  // A reload keeps the session while the tab lives: exchange the stored refresh token.
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      if (!storedRefreshToken()) {
        setState({ status: 'signed_out' });
        return;
      }
      const previousUserId = storedSessionOwner() ?? undefined;
      owner.current = previousUserId;
      if (!(await refreshSession())) {
        // There was a session in this tab, and the API no longer accepts it.
        if (!cancelled) setState({ status: 'signed_out', reason: 'expired', previousUserId });
        return;
      }
      try {
        const user = await unwrap(api.GET('/api/v1/auth/me'));
        if (!cancelled) setState({ status: 'signed_in', user });
      } catch {
        if (!cancelled) setState({ status: 'signed_out', reason: 'expired', previousUserId });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(
    () =>
      onSessionEnded(() =>
        setState({ status: 'signed_out', reason: 'expired', previousUserId: owner.current }),
      ),
    [],
  );

  // However the session ended, once its pages are gone the tab forgets the person.
  useEffect(() => {
    if (state.status === 'signed_in') owner.current = state.user.id;
    if (state.status === 'signed_out') forgetThePerson(queryClient);
  }, [state, queryClient]);

  const startSession = useCallback(
    async (request: () => Promise<Schemas['TokenPairResponse']>): Promise<SignInOutcome> => {
      try {
        const pair = await request();
        // Nothing of whoever used this tab before, even if their session ended uncleanly.
        forgetThePerson(queryClient);
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
    [queryClient],
  );

  const signIn = useCallback(
    (email: string, password: string, otp?: string) =>
      startSession(() =>
        unwrap(
          api.POST('/api/v1/auth/login', { body: { email, password, ...(otp ? { otp } : {}) } }),
        ),
      ),
    [startSession],
  );

  const signInWithCode = useCallback(
    (code: string, otp?: string) =>
      startSession(() =>
        unwrap(api.POST('/api/v1/auth/sso/session', { body: { code, ...(otp ? { otp } : {}) } })),
      ),
    [startSession],
  );

  const signOut = useCallback(async () => {
    // The API ends the whole session (every refresh token of it); the tab forgets the person either way.
    await api.POST('/api/v1/auth/logout').catch(() => undefined);
    forgetThePerson(queryClient);
    setState({ status: 'signed_out', reason: 'signed_out', previousUserId: owner.current });
  }, [queryClient]);

  const reload = useCallback(async () => {
    const user = await unwrap(api.GET('/api/v1/auth/me'));
    setState({ status: 'signed_in', user });
  }, []);

  const value = useMemo(
    () => ({ state, signIn, signInWithCode, signOut, reload }),
    [state, signIn, signInWithCode, signOut, reload],
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
