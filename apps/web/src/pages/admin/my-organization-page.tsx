import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { formatDateTime, label } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { Badge, EmptyState, Notice, PageHeader } from '../../components/ui';
import { TextInput } from '../../components/controls';
import {
  API_KEY_SCOPES,
  fieldErrors,
  FormProblem,
  given,
  MEMBER_ROLES,
  ROLES_BY_KIND,
  type ApiKey,
  type ApiKeyScope,
} from './common';
import { UsersPanel } from './users-panel';

/** A member administrator's own organization: its people and its API keys. */
export function MyOrganizationPage() {
  const user = useUser();
  const org = user.organization;
  const roles = can(user, 'organizations.manage') ? ROLES_BY_KIND[org.kind] : MEMBER_ROLES;
  return (
    <>
      <PageHeader
        title="My organization"
        subtitle={`${org.legalName} · ${label(org.kind)} · ${org.country}`}
      />
      <UsersPanel organizationId={org.id} roles={roles} />
      {can(user, 'api_keys.manage') ? <ApiKeysPanel organizationId={org.id} /> : null}
    </>
  );
}

function scopeLabel(scope: ApiKeyScope): string {
  return API_KEY_SCOPES.find((s) => s.value === scope)?.label ?? scope;
}

function ApiKeysPanel({ organizationId }: { organizationId: string }) {
  const headingId = useId();
  const queryClient = useQueryClient();
  const key = ['admin', 'api-keys', organizationId];
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<Schemas['CreatedApiKeyResponse'] | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = usePagedList<ApiKey>(key, (cursor) =>
    unwrap(
      api.GET('/api/v1/organizations/{id}/api-keys', {
        params: { path: { id: organizationId }, query: cursor ? { cursor } : {} },
      }),
    ),
  );
  const revoke = useMutation({
    mutationFn: (apiKey: ApiKey) =>
      unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: apiKey.id } } })).then(
        () => apiKey,
      ),
    onSuccess: async (apiKey) => {
      setConfirming(null);
      setNotice(`The key “${apiKey.name}” is revoked: it is refused from the next request on.`);
      await queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const confirmingKey = list.items.find((k) => k.id === confirming) ?? null;

  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="admin-panel-head">
        <h2 id={headingId}>API keys</h2>
        {adding ? null : (
          <button
            type="button"
            className="button"
            onClick={() => {
              setAdding(true);
              setCreated(null);
              setNotice(null);
            }}
          >
            New API key
          </button>
        )}
      </div>
      <p className="admin-muted">
        Your organization’s systems file referrals with these keys instead of a person’s sign-in. A
        key acts for the organization and carries the authority of the administrator who created it.
      </p>
      {notice ? <Notice>{notice}</Notice> : null}
      {created ? <CreatedKey apiKey={created} onDone={() => setCreated(null)} /> : null}
      {revoke.error ? <FormProblem error={revoke.error} fields={[]} /> : null}
      {adding ? (
        <NewKeyForm
          organizationId={organizationId}
          onCancel={() => setAdding(false)}
          onCreated={async (apiKey) => {
            setAdding(false);
            setCreated(apiKey);
            await queryClient.invalidateQueries({ queryKey: key });
          }}
        />
      ) : null}
      {confirmingKey ? (
        <div
          className="warning admin-confirm"
          role="group"
          aria-labelledby={`${headingId}-confirm`}
        >
          <p id={`${headingId}-confirm`}>
            <strong>
              Revoke the key “{confirmingKey.name}” ({confirmingKey.prefix})?
            </strong>{' '}
            Every system using it is refused from the next request on. This cannot be undone.
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-danger"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate(confirmingKey)}
            >
              Revoke key
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => setConfirming(null)}
            >
              Keep the key
            </button>
          </div>
        </div>
      ) : null}
      <PagedView
        list={list}
        what="API keys"
        empty={
          <EmptyState title="No API keys">
            Create one with “New API key” when a system of yours is ready to file referrals.
          </EmptyState>
        }
      >
        {(keys) => (
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">API keys of the organization</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key starts with</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id}>
                    <td>{k.name}</td>
                    <td className="mono">{k.prefix}</td>
                    <td>{k.scopes.map(scopeLabel).join(', ')}</td>
                    <td>
                      <Badge
                        value={
                          k.status === 'active'
                            ? 'accepted'
                            : k.status === 'revoked'
                              ? 'declined'
                              : 'closed'
                        }
                        text={label(k.status)}
                      />
                      {k.revokedAt ? (
                        <div className="admin-muted">{formatDateTime(k.revokedAt)}</div>
                      ) : null}
                    </td>
                    <td>{formatDateTime(k.createdAt)}</td>
                    <td>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : 'Never'}</td>
                    <td>{k.expiresAt ? formatDateTime(k.expiresAt) : 'Never'}</td>
                    <td>
                      {k.status === 'active' ? (
                        <button
                          type="button"
                          className="button"
                          onClick={() => {
                            setConfirming(k.id);
                            setNotice(null);
                          }}
                        >
                          Revoke<span className="visually-hidden"> {k.name}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </section>
  );
}

/** The new key, shown this once. */
function CreatedKey({
  apiKey,
  onDone,
}: {
  apiKey: Schemas['CreatedApiKeyResponse'];
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const fieldId = useId();
  return (
    <div className="notice admin-secret" role="status">
      <p>
        <strong>
          The key “{apiKey.name}” was created. Copy it now: it will not be shown again.
        </strong>{' '}
        Only a hash of it is kept; store it in your system’s secret store.
      </p>
      <label htmlFor={fieldId} className="visually-hidden">
        The new API key
      </label>
      <div className="admin-with-button">
        <input
          id={fieldId}
          className="mono"
          readOnly
          value={apiKey.key}
          onFocus={(e) => e.target.select()}
          spellCheck={false}
        />
        <button
          type="button"
          className="button"
          onClick={() => {
            void navigator.clipboard.writeText(apiKey.key).then(
              () => setCopied('yes'),
              () => setCopied('no'),
            );
          }}
        >
          Copy the key
        </button>
      </div>
      {copied === 'yes' ? <p>Copied to the clipboard.</p> : null}
      {copied === 'no' ? (
        <p>The browser did not allow copying: select the key and copy it.</p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          I have stored the key
        </button>
      </div>
    </div>
  );
}

function NewKeyForm(props: {
  organizationId: string;
  onCancel: () => void;
  onCreated: (apiKey: Schemas['CreatedApiKeyResponse']) => Promise<void>;
}) {
  const headingId = useId();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['referrals:write']);
  const [expiresOn, setExpiresOn] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/organizations/{id}/api-keys', {
          params: { path: { id: props.organizationId } },
          body: {
            name: given(name) as string,
            scopes,
            ...(expiresOn ? { expiresAt: `${expiresOn}T00:00:00Z` } : {}),
          },
        }),
      ),
    onSuccess: (apiKey) => props.onCreated(apiKey),
  });
  const errors = (field: string) => fieldErrors(create.error, field);
  const scopeErrors = errors('scopes');
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <section className="admin-subform" aria-labelledby={headingId}>
      <h3 id={headingId}>New API key</h3>
      <FormProblem error={create.error} fields={['name', 'scopes', 'expiresAt']} />
      <form onSubmit={submit} noValidate>
        <div className="inline-fields">
          <TextInput
            label="Key name"
            required
            hint="What the key is for, such as “Case system (production)”."
            errors={errors('name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
          />
          <TextInput
            label="Expires on"
            hint="Optional. The key stops working at 00:00 UTC that day; leave empty for no expiry."
            errors={errors('expiresAt')}
            type="date"
            value={expiresOn}
            onChange={(e) => setExpiresOn(e.target.value)}
          />
        </div>
        <fieldset
          className={scopeErrors.length ? 'field-invalid' : undefined}
          aria-describedby={scopeErrors.length ? `${headingId}-scopes-error` : undefined}
        >
          <legend>Scopes</legend>
          {API_KEY_SCOPES.map((s) => (
            <div className="admin-check" key={s.value}>
              <input
                id={`${headingId}-${s.value}`}
                type="checkbox"
                checked={scopes.includes(s.value)}
                onChange={(e) =>
                  setScopes(
                    e.target.checked ? [...scopes, s.value] : scopes.filter((x) => x !== s.value),
                  )
                }
                aria-describedby={`${headingId}-${s.value}-hint`}
              />
              <div>
                <label htmlFor={`${headingId}-${s.value}`}>{s.label}</label>
                <p id={`${headingId}-${s.value}-hint`} className="field-hint">
                  {s.hint}
                </p>
              </div>
            </div>
          ))}
          {scopeErrors.length ? (
            <p id={`${headingId}-scopes-error`} className="field-error">
              {scopeErrors.join(' ')}
            </p>
          ) : null}
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create key
          </button>
          <button type="button" className="button button-quiet" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
