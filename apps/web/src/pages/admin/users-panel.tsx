import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { can, useUser, type Role } from '../../auth/session';
import { formatDateTime, label } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { Badge, EmptyState, Field, Notice } from '../../components/ui';
import { TextInput, SelectInput } from '../../components/controls';
import { fieldErrors, FormProblem, generatePassword, given, type AdminUser } from './common';

type UserStatus = AdminUser['status'];

/** The users of one organization: list, add, change role or name, suspend and reactivate. */
export function UsersPanel(props: { organizationId: string; roles: Role[] }) {
  const me = useUser();
  const manage = can(me, 'users.manage');
  const headingId = useId();
  const [notice, setNotice] = useState<string | null>(null);
  const [created, setCreated] = useState<{ user: AdminUser; password: string } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const queryClient = useQueryClient();
  const key = ['admin', 'users', props.organizationId];
  const list = usePagedList<AdminUser>(key, (cursor) =>
    unwrap(
      api.GET('/api/v1/organizations/{id}/users', {
        params: { path: { id: props.organizationId }, query: cursor ? { cursor } : {} },
      }),
    ),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });

  const setStatus = useMutation({
    mutationFn: (vars: { user: AdminUser; status: UserStatus }) =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: vars.user.id } },
          body: { status: vars.status },
        }),
      ),
    onSuccess: async (user) => {
      setCreated(null);
      setNotice(
        user.status === 'suspended'
          ? `${user.displayName} is suspended; their sessions have ended.`
          : `${user.displayName} is active again.`,
      );
      await refresh();
    },
  });

  const editingUser = list.items.find((u) => u.id === editing) ?? null;

  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="admin-panel-head">
        <h2 id={headingId}>Users</h2>
        {manage && !adding ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setAdding(true);
              setEditing(null);
            }}
          >
            Add a user
          </button>
        ) : null}
      </div>
      {notice ? <Notice>{notice}</Notice> : null}
      {created ? <CreatedUser user={created.user} password={created.password} /> : null}
      {setStatus.error ? <FormProblem error={setStatus.error} fields={[]} /> : null}
      {adding ? (
        <NewUserForm
          organizationId={props.organizationId}
          roles={props.roles}
          onCancel={() => setAdding(false)}
          onCreated={async (user, password) => {
            setAdding(false);
            setNotice(null);
            setCreated({ user, password });
            await refresh();
          }}
        />
      ) : null}
      {editingUser ? (
        <EditUserForm
          key={editingUser.id}
          user={editingUser}
          roles={props.roles}
          self={editingUser.id === me.id}
          onCancel={() => setEditing(null)}
          onSaved={async (user) => {
            setEditing(null);
            setCreated(null);
            setNotice(`${user.displayName} was updated.`);
            await refresh();
          }}
        />
      ) : null}
      <PagedView
        list={list}
        what="users"
        empty={
          <EmptyState title="No users yet">
            {manage ? 'Add the first user with “Add a user”.' : 'Nobody has been added yet.'}
          </EmptyState>
        }
      >
        {(users) => (
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">Users of the organization</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail address</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Second factor</th>
                  <th scope="col">Last sign-in</th>
                  {manage ? <th scope="col">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id}>
                    <td>
                      {u.displayName}
                      {u.id === me.id ? <span className="admin-muted"> (you)</span> : null}
                    </td>
                    <td className="admin-break">{u.email}</td>
                    <td>{label(u.role)}</td>
                    <td>
                      <Badge
                        value={u.status === 'suspended' ? 'declined' : 'accepted'}
                        text={label(u.status)}
                      />
                    </td>
                    <td>{u.mfaEnabled ? 'Set up' : 'Not set up'}</td>
                    <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : 'Never'}</td>
                    {manage ? (
                      <td>
                        <div className="admin-row-actions">
                          <button
                            type="button"
                            className="button"
                            onClick={() => {
                              setEditing(u.id);
                              setAdding(false);
                            }}
                          >
                            Edit<span className="visually-hidden"> {u.displayName}</span>
                          </button>
                          {u.id === me.id ? null : u.status === 'active' ? (
                            <button
                              type="button"
                              className="button"
                              disabled={setStatus.isPending}
                              onClick={() => setStatus.mutate({ user: u, status: 'suspended' })}
                            >
                              Suspend<span className="visually-hidden"> {u.displayName}</span>
                            </button>
                          ) : (
                            <button
                              type="button"
                              className="button"
                              disabled={setStatus.isPending}
                              onClick={() => setStatus.mutate({ user: u, status: 'active' })}
                            >
                              Reactivate<span className="visually-hidden"> {u.displayName}</span>
                            </button>
                          )}
                        </div>
                      </td>
                    ) : null}
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

/** The new user's initial password, shown this once. */
function CreatedUser({ user, password }: { user: AdminUser; password: string }) {
  return (
    <div className="notice admin-secret" role="status">
      <p>
        <strong>{user.displayName}</strong> ({user.email}) was added as {label(user.role)}.
      </p>
      <p>
        Their initial password is <code className="admin-secret-value">{password}</code>. Give it to
        them by a separate channel now: it is not shown again. They can change it under “My account”
        once signed in.
      </p>
    </div>
  );
}

function NewUserForm(props: {
  organizationId: string;
  roles: Role[];
  onCancel: () => void;
  onCreated: (user: AdminUser, password: string) => Promise<void>;
}) {
  const headingId = useId();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>(props.roles[0]);
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/organizations/{id}/users', {
          params: { path: { id: props.organizationId } },
          body: {
            email: given(email) as string,
            displayName: given(displayName) as string,
            role,
            password,
          },
        }),
      ),
    onSuccess: (user) => props.onCreated(user, password),
  });
  const errors = (field: string) => fieldErrors(create.error, field);
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <section className="admin-subform" aria-labelledby={headingId}>
      <h3 id={headingId}>Add a user</h3>
      <FormProblem error={create.error} fields={['email', 'displayName', 'role', 'password']} />
      <form onSubmit={submit} noValidate>
        <div className="inline-fields">
          <TextInput
            label="Name"
            required
            errors={errors('displayName')}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            autoComplete="off"
          />
          <TextInput
            label="E-mail address"
            required
            errors={errors('email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoComplete="off"
          />
          <SelectInput
            label="Role"
            required
            errors={errors('role')}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            options={props.roles}
          />
        </div>
        <Field
          label="Initial password"
          required
          hint="At least 12 characters. Give it to the person by a separate channel; they can change it after signing in."
          errors={errors('password')}
        >
          {({ id, describedBy, invalid }) => (
            <div className="admin-with-button">
              <input
                id={id}
                type="text"
                className="mono"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                autoComplete="new-password"
                spellCheck={false}
              />
              <button
                type="button"
                className="button"
                onClick={() => setPassword(generatePassword())}
              >
                Generate a password
              </button>
            </div>
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Add user
          </button>
          <button type="button" className="button button-quiet" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function EditUserForm(props: {
  user: AdminUser;
  roles: Role[];
  self: boolean;
  onCancel: () => void;
  onSaved: (user: AdminUser) => Promise<void>;
}) {
  const { user } = props;
  const headingId = useId();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [status, setStatus] = useState<UserStatus>(user.status);
  const roles = props.roles.includes(user.role) ? props.roles : [user.role, ...props.roles];
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: {
            ...(displayName !== user.displayName ? { displayName: displayName.trim() } : {}),
            ...(role !== user.role ? { role } : {}),
            ...(status !== user.status ? { status } : {}),
          },
        }),
      ),
    onSuccess: (saved) => props.onSaved(saved),
  });
  const errors = (field: string) => fieldErrors(save.error, field);
  return (
    <section className="admin-subform" aria-labelledby={headingId}>
      <h3 id={headingId}>Edit {user.displayName}</h3>
      <p className="admin-muted">
        {user.email}. A change of role or a suspension ends the person’s sessions at once.
      </p>
      <FormProblem error={save.error} fields={['displayName', 'role', 'status']} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <div className="inline-fields">
          <TextInput
            label="Name"
            required
            errors={errors('displayName')}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            autoComplete="off"
          />
          <SelectInput
            label="Role"
            hint={props.self ? 'You cannot change your own role.' : undefined}
            errors={errors('role')}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            disabled={props.self}
            options={roles}
          />
          <SelectInput
            label="Status"
            hint={props.self ? 'You cannot suspend yourself.' : undefined}
            errors={errors('status')}
            value={status}
            onChange={(e) => setStatus(e.target.value as UserStatus)}
            disabled={props.self}
          >
            <option value="active">Active</option>
            <option value="suspended">Suspended</option>
          </SelectInput>
        </div>
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save user
          </button>
          <button type="button" className="button button-quiet" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
