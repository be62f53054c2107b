import { VOCABULARY } from '@crh/vocabulary';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { ApiError } from '../api/problem';
import { Field, ProblemMessage } from '../components/ui';
import { afterSignIn, type ReturnTo } from './guards';
import { useSession } from './session';

/**
 * Sign in with e-mail and password; when the account has a second factor the
 * API answers `mfa_required` and the page asks for the code (or a recovery code).
 * Or through the person's organization (single sign-on): the API's callback
 * comes back here with a one-time code in the fragment (`#sso_code=`), which
 * the page exchanges for a session, or with `?sso_error=<reason>`.
 */
export function SignInPage({ expired = false }: { expired?: boolean }) {
  const { state, signIn, signInWithCode } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const back = location.state as ReturnTo | null;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [otp, setOtp] = useState('');
  const [step, setStep] = useState<'password' | 'otp'>('password');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const otpRef = useRef<HTMLInputElement>(null);
  // The single sign-on code awaiting a second factor, if any.
  const [ssoCode, setSsoCode] = useState<string | null>(null);
  const [ssoNote, setSsoNote] = useState<string | null>(() =>
    ssoRefusalText(new URLSearchParams(location.search).get('sso_error')),
  );
  const exchanged = useRef(false);

  // Back from the organization's identity provider: exchange the one-time code once.
  useEffect(() => {
    const code = new URLSearchParams(window.location.hash.slice(1)).get('sso_code');
    if (!code || exchanged.current) return;
    exchanged.current = true;
    window.history.replaceState(window.history.state, '', window.location.pathname);
    setBusy(true);
    void signInWithCode(code).then((outcome) => {
      setBusy(false);
      if (outcome.kind === 'otp_required') {
        setSsoCode(code);
        setStep('otp');
      } else if (outcome.kind === 'refused') {
        setError(outcome.error);
      } else {
        void navigate(afterSignIn(outcome.user, back), { replace: true });
      }
    });
  }, [signInWithCode, navigate, back]);

  useEffect(() => {
    document.title = `${expired ? 'Session expired' : 'Sign in'} · Coalition Referral Hub`;
  }, [expired]);
  useEffect(() => {
    if (step === 'otp') otpRef.current?.focus();
  }, [step]);

  if (state.status === 'signed_in') return <Navigate to={afterSignIn(state.user, back)} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const outcome = ssoCode
      ? await signInWithCode(ssoCode, otp.trim())
      : await signIn(email.trim(), password, step === 'otp' ? otp.trim() : undefined);
    setBusy(false);
    if (outcome.kind === 'otp_required') {
      setStep('otp');
      return;
    }
    if (outcome.kind === 'refused') {
      setError(outcome.error);
      // A wrong code ends a single sign-on: the person starts again at the provider.
      if (ssoCode) {
        setSsoCode(null);
        setStep('password');
        setOtp('');
      }
      return;
    }
    void navigate(afterSignIn(outcome.user, back), { replace: true });
  }

  async function signInThroughOrganization() {
    setError(null);
    setSsoNote(null);
    if (!email.trim()) {
      setSsoNote('Enter your work e-mail address first: it tells us your organization.');
      return;
    }
    setBusy(true);
    try {
      const started = await unwrap(
        api.POST('/api/v1/auth/sso/start', { body: { email: email.trim() } }),
      );
      window.location.assign(started.authorizationUrl);
    } catch (caught) {
      setBusy(false);
      setError(
        caught instanceof ApiError ? caught : new ApiError({ title: 'Sign-in failed', status: 0 }),
      );
    }
  }

  return (
    <div className="sign-in">
      <main id="main" className="sign-in-card">
        <p className="brand-line">Coalition Referral Hub</p>
        <h1>{expired ? 'Your session has expired' : 'Sign in'}</h1>
        {expired ? (
          <p className="sign-in-lead">
            For your organization’s safety, sessions end after a period without activity or when
            signed out elsewhere. Sign in again to continue where you were.
          </p>
        ) : null}
        {ssoNote ? (
          <div className="problem" role="alert">
            <p className="problem-title">{ssoNote}</p>
          </div>
        ) : null}
        {error ? <SignInProblem error={error} /> : null}
        <form onSubmit={(event) => void submit(event)} noValidate>
          {step === 'password' ? (
            <>
              <Field label="E-mail address" required>
                {({ id, describedBy }) => (
                  <input
                    id={id}
                    type="email"
                    autoComplete="username"
                    value={email}
                    onChange={(e) => setEmail(e.target.value)}
                    aria-describedby={describedBy}
                    required
                    autoFocus
                  />
                )}
              </Field>
              <Field label="Password" required>
                {({ id, describedBy }) => (
                  <input
                    id={id}
                    type="password"
                    autoComplete="current-password"
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                    aria-describedby={describedBy}
                    required
                  />
                )}
              </Field>
            </>
          ) : (
            <Field
              label="Authentication code"
              hint="The 6-digit code from your authenticator app, or one of your recovery codes."
              required
            >
              {({ id, describedBy }) => (
                <input
                  id={id}
                  ref={otpRef}
                  inputMode="text"
                  autoComplete="one-time-code"
                  value={otp}
                  onChange={(e) => setOtp(e.target.value)}
                  aria-describedby={describedBy}
                  required
                />
              )}
            </Field>
          )}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Signing in…' : step === 'otp' ? 'Verify and sign in' : 'Sign in'}
            </button>
            {step === 'otp' ? (
              <button
                type="button"
                className="button button-quiet"
                onClick={() => {
                  setStep('password');
                  setOtp('');
                  setSsoCode(null);
                  setError(null);
                }}
              >
                Use another account
              </button>
            ) : (
              <button
                type="button"
                className="button button-quiet"
                disabled={busy}
                onClick={() => void signInThroughOrganization()}
              >
                Sign in with your organization
              </button>
            )}
          </div>
        </form>
      </main>
    </div>
  );
}

/** The words for a single sign-on refusal the API's callback named, or null. */
function ssoRefusalText(reason: string | null): string | null {
  if (!reason) return null;
  const table: Readonly<Record<string, string>> = VOCABULARY.ssoRefusalReason;
  return Object.hasOwn(table, reason)
    ? table[reason]
    : 'Signing in through your organization did not succeed. Try again.';
}

function SignInProblem({ error }: { error: ApiError }) {
  if (error.status === 401) {
    const text =
      error.code === 'mfa_invalid'
        ? 'That code was not accepted. Codes change every 30 seconds; enter the current one.'
        : error.code === 'sso_required'
          ? 'Your organization signs you in through its identity provider: use “Sign in with your organization”.'
          : error.code === 'sso_code_invalid'
            ? 'This sign-in has expired or was already used. Start again.'
            : error.code === 'sso_provider_error'
              ? 'Your organization’s identity provider cannot be reached. Try again later.'
              : 'The e-mail address or password is not right, or the account is locked or disabled.';
    return (
      <div className="problem" role="alert">
        <p className="problem-title">{text}</p>
      </div>
    );
  }
  return <ProblemMessage error={error} />;
}
