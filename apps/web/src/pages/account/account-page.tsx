import { useMutation, useQuery } from '@tanstack/react-query';
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useSession, useUser } from '../../auth/session';
import { label } from '../../components/format';
import { Details, Notice, PageHeader, ProblemMessage } from '../../components/ui';
import { TextInput } from '../../components/controls';

/** The signed-in person: who they are, their second factor, their password. */
export function AccountPage() {
  const user = useUser();
  const me = useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/v1/auth/me')) });
  const current = me.data ?? user;
  const mustEnrol = current.mfaRequired && !current.mfaEnabled;
  return (
    <>
      <PageHeader title="My account" subtitle={current.email} />
      {mustEnrol ? (
        <p className="warning" role="status">
          Your role must use a second factor. Set up an authenticator app below to continue to the
          rest of the hub.
        </p>
      ) : null}
      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">Profile</h2>
        <Details
          items={[
            ['Name', current.displayName],
            ['Role', label(current.role)],
            ['Organization', current.organization.legalName],
            ['Organization kind', label(current.organization.kind)],
            ['Country', current.organization.country],
          ]}
        />
      </section>
      <SecondFactor user={current} />
      {mustEnrol ? null : <ChangePassword />}
    </>
  );
}

function SecondFactor({ user }: { user: Schemas['MeResponse'] }) {
  const { reload } = useSession();
  const [enrolment, setEnrolment] = useState<Schemas['MfaEnrolmentResponse'] | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [otp, setOtp] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);

  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/mfa/enrol')),
    onSuccess: (data) => setEnrolment(data),
  });
  const confirm = useMutation({
    mutationFn: (code: string) =>
      unwrap(api.POST('/api/v1/auth/mfa/confirm', { body: { otp: code } })),
    onSuccess: async (data) => {
      setCodes(data.recoveryCodes);
      setEnrolment(null);
      setOtp('');
      await reload();
    },
  });
  const regenerate = useMutation({
    mutationFn: (code: string) =>
      unwrap(api.POST('/api/v1/auth/mfa/recovery-codes', { body: { otp: code } })),
    onSuccess: (data) => {
      setCodes(data.recoveryCodes);
      setOtp('');
    },
  });

  useEffect(() => {
    if (!enrolment) return;
    void QRCode.toDataURL(enrolment.otpauthUri, { margin: 1, width: 180 }).then(setQr);
  }, [enrolment]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (enrolment) confirm.mutate(otp.trim());
    else regenerate.mutate(otp.trim());
  }
  const error = confirm.error ?? regenerate.error ?? start.error;

  return (
    <section className="panel" aria-labelledby="mfa-title">
      <h2 id="mfa-title">Second factor</h2>
      {codes ? (
        <div className="notice" role="status">
          <p>
            <strong>Your recovery codes.</strong> Each works once, in place of a code from your app.
            Store them somewhere safe now: they are not shown again.
          </p>
          <ul className="mono">
            {codes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? <ProblemMessage error={error} title={codeTitle(error)} /> : null}
      {user.mfaEnabled ? (
        <>
          <p>An authenticator app is set up. Sign-in asks for its code.</p>
          <form onSubmit={submit} noValidate>
            <CodeField
              value={otp}
              onChange={setOtp}
              hint="Enter a current code to get a new set of recovery codes; the old set stops working."
            />
            <button type="submit" className="button" disabled={regenerate.isPending}>
              New recovery codes
            </button>
          </form>
        </>
      ) : enrolment ? (
        <form onSubmit={submit} noValidate>
          <p>
            Scan this code with your authenticator app, or type the key into it, then enter the
            6-digit code it shows.
          </p>
          {qr ? (
            <img src={qr} width={180} height={180} alt="QR code for your authenticator app" />
          ) : null}
          <p>
            Key: <code>{enrolment.secret}</code>
          </p>
          <CodeField value={otp} onChange={setOtp} />
          <button type="submit" className="button button-primary" disabled={confirm.isPending}>
            Confirm
          </button>
        </form>
      ) : (
        <>
          <p>
            {user.mfaRequired
              ? 'Your role must use an authenticator app (TOTP).'
              : 'Protect your account with an authenticator app (TOTP).'}
          </p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => start.mutate()}
            disabled={start.isPending}
          >
            Set up an authenticator app
          </button>
        </>
      )}
    </section>
  );
}

function codeTitle(error: unknown): string | undefined {
  if (error instanceof ApiError && error.status === 400) return 'That code was not accepted.';
  return undefined;
}

function CodeField(props: { value: string; onChange: (value: string) => void; hint?: string }) {
  return (
    <TextInput
      label="Code from your app"
      hint={props.hint}
      required
      inputMode="numeric"
      autoComplete="one-time-code"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      style={{ maxWidth: '12rem' }}
    />
  );
}

function ChangePassword() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/auth/password', { body: { currentPassword, newPassword } })),
    onSuccess: () => {
      setCurrent('');
      setNew('');
    },
  });
  const fieldErrors = (field: string) =>
    change.error instanceof ApiError ? change.error.fieldMessages(field) : [];
  return (
    <section className="panel" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      {change.isSuccess ? (
        <Notice>Password changed. Your other sessions were signed out.</Notice>
      ) : null}
      {change.error && !(change.error instanceof ApiError && change.error.problem.errors) ? (
        <ProblemMessage error={change.error} />
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate();
        }}
        noValidate
      >
        <TextInput
          label="Current password"
          errors={fieldErrors('currentPassword')}
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <TextInput
          label="New password"
          hint="At least 12 characters."
          errors={fieldErrors('newPassword')}
          type="password"
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNew(e.target.value)}
        />
        <button type="submit" className="button" disabled={change.isPending}>
          Change password
        </button>
      </form>
    </section>
  );
}
