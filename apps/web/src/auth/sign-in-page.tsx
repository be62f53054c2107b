import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { ApiError } from '../api/problem';
import { Field, ProblemMessage } from '../components/ui';
import { afterSignIn, type ReturnTo } from './guards';
import { useSession } from './session';

/**
 * Sign in with e-mail and password; when the account has a second factor the
 * API answers `mfa_required` and the page asks for the code (or a recovery code).
 */
export function SignInPage({ expired = false }: { expired?: boolean }) {
  const { state, signIn } = useSession();
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
    const outcome = await signIn(email.trim(), password, step === 'otp' ? otp.trim() : undefined);
    setBusy(false);
    if (outcome.kind === 'otp_required') {
      setStep('otp');
      return;
    }
    if (outcome.kind === 'refused') {
      setError(outcome.error);
      return;
    }
    void navigate(afterSignIn(outcome.user, back), { replace: true });
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
                  setError(null);
                }}
              >
                Use another account
              </button>
            ) : null}
          </div>
        </form>
      </main>
    </div>
  );
}

function SignInProblem({ error }: { error: ApiError }) {
  if (error.status === 401) {
    const text =
      error.code === 'mfa_invalid'
        ? 'That code was not accepted. Codes change every 30 seconds; enter the current one.'
        : 'The e-mail address or password is not right, or the account is locked or disabled.';
    return (
      <div className="problem" role="alert">
        <p className="problem-title">{text}</p>
      </div>
    );
  }
  return <ProblemMessage error={error} />;
}
