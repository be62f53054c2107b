import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import {
  Badge,
  EmptyState,
  Loading,
  Notice,
  PageHeader,
  ProblemMessage,
} from '../../components/ui';
import { TextInput, SelectInput } from '../../components/controls';
import {
  CheckField,
  fieldErrors,
  FormProblem,
  given,
  loadAllOrganizations,
  orNull,
  type Agency,
  type Organization,
} from './common';

type Channel = Agency['channels'][number];
type Mode = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string };

const AGENCY_FIELDS = [
  'organizationId',
  'name',
  'coverage',
  'channels',
  'webhookUrl',
  'webhookSecret',
  'contactEmail',
  'contactPhone',
  'isFallback',
  'active',
];

/** Agencies: what each law-enforcement organization covers and how it receives dispatches. */
export function AgenciesPage() {
  const [mode, setMode] = useState<Mode>({ kind: 'none' });
  const [notice, setNotice] = useState<string | null>(null);
  const agencies = useQuery({
    queryKey: ['admin', 'agencies'],
    queryFn: () => unwrap(api.GET('/api/v1/agencies')),
  });
  const organizations = useQuery({
    queryKey: ['admin', 'organizations', 'all', 'law_enforcement'],
    queryFn: () => loadAllOrganizations('law_enforcement'),
  });
  const jurisdictions = useQuery({
    queryKey: ['admin', 'jurisdictions'],
    queryFn: () => unwrap(api.GET('/api/v1/jurisdictions')),
  });
  const orgById = new Map((organizations.data ?? []).map((o) => [o.id, o]));
  const items = agencies.data?.items ?? [];
  const editing = mode.kind === 'edit' ? items.find((a) => a.id === mode.id) : undefined;
  const withAgency = new Set(items.map((a) => a.organizationId));
  const available = (organizations.data ?? []).filter(
    (o) => o.status === 'active' && !withAgency.has(o.id),
  );
  const knownCodes = (jurisdictions.data?.items ?? []).map((j) => j.code);

  return (
    <>
      <PageHeader
        title="Agencies"
        subtitle="Where cases are dispatched: coverage, channels and contacts of each law-enforcement organization."
        actions={
          mode.kind === 'new' ? null : (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setMode({ kind: 'new' });
                setNotice(null);
              }}
            >
              New agency
            </button>
          )
        }
      />
      {notice ? <Notice>{notice}</Notice> : null}
      {organizations.error ? <ProblemMessage error={organizations.error} /> : null}
      {mode.kind === 'new' ? (
        <AgencyForm
          organizations={available}
          knownCodes={knownCodes}
          onCancel={() => setMode({ kind: 'none' })}
          onSaved={(agency) => {
            setMode({ kind: 'none' });
            setNotice(`Agency ${agency.name} was created.`);
          }}
        />
      ) : null}
      {editing ? (
        <AgencyForm
          key={`${editing.id}-${editing.version}`}
          agency={editing}
          organization={orgById.get(editing.organizationId)}
          organizations={[]}
          knownCodes={knownCodes}
          onCancel={() => setMode({ kind: 'none' })}
          onSaved={(agency) => {
            setMode({ kind: 'none' });
            setNotice(`Agency ${agency.name} was saved.`);
          }}
        />
      ) : null}
      {agencies.isPending ? (
        <Loading what="Loading agencies" />
      ) : agencies.isError ? (
        <ProblemMessage error={agencies.error} />
      ) : items.length === 0 ? (
        <EmptyState title="No agencies yet">
          Create a law-enforcement organization first, then its agency with “New agency”.
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">Agencies</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Organization</th>
                <th scope="col">Coverage</th>
                <th scope="col">Channels</th>
                <th scope="col">Contact</th>
                <th scope="col">Fallback</th>
                <th scope="col">Active</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => {
                const org = orgById.get(a.organizationId);
                return (
                  <tr key={a.id}>
                    <td>
                      {a.name}
                      {a.isDemo ? <span className="admin-muted"> (demo)</span> : null}
                    </td>
                    <td>
                      {org ? (
                        <Link to={`/admin/organizations/${org.id}`}>{org.legalName}</Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="mono">{a.coverage.length ? a.coverage.join(', ') : 'None'}</td>
                    <td>
                      {a.channels.map((c) => (c === 'portal' ? 'Portal' : 'Webhook')).join(', ')}
                      {a.channels.includes('webhook') && a.webhookUrl ? (
                        <div className="admin-break admin-muted mono">{a.webhookUrl}</div>
                      ) : null}
                      {a.channels.includes('webhook') ? (
                        <div className="admin-muted">
                          {a.webhookSecretSet ? 'Secret set' : 'No secret'}
                        </div>
                      ) : null}
                    </td>
                    <td className="admin-break">
                      {a.contactEmail ?? '—'}
                      {a.contactPhone ? <div>{a.contactPhone}</div> : null}
                    </td>
                    <td>{a.isFallback ? 'Fallback' : 'No'}</td>
                    <td>
                      <Badge
                        value={a.active ? 'accepted' : 'closed'}
                        text={a.active ? 'Active' : 'Inactive'}
                      />
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        onClick={() => {
                          setMode({ kind: 'edit', id: a.id });
                          setNotice(null);
                        }}
                      >
                        Edit<span className="visually-hidden"> {a.name}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function parseCodes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

function AgencyForm(props: {
  agency?: Agency;
  organization?: Organization;
  organizations: Organization[];
  knownCodes: string[];
  onCancel: () => void;
  onSaved: (agency: Agency) => void;
}) {
  const { agency } = props;
  const headingId = useId();
  const queryClient = useQueryClient();
  const [organizationId, setOrganizationId] = useState('');
  const [name, setName] = useState(agency?.name ?? '');
  const [coverage, setCoverage] = useState(agency?.coverage.join(', ') ?? '');
  const [portal, setPortal] = useState(agency ? agency.channels.includes('portal') : true);
  const [webhook, setWebhook] = useState(agency ? agency.channels.includes('webhook') : false);
  const [webhookUrl, setWebhookUrl] = useState(agency?.webhookUrl ?? '');
  const [webhookSecret, setWebhookSecret] = useState('');
  const [contactEmail, setContactEmail] = useState(agency?.contactEmail ?? '');
  const [contactPhone, setContactPhone] = useState(agency?.contactPhone ?? '');
  const [isFallback, setIsFallback] = useState(agency?.isFallback ?? false);
  const [active, setActive] = useState(agency?.active ?? true);

  const channels: Channel[] = [
    ...(portal ? (['portal'] as const) : []),
    ...(webhook ? (['webhook'] as const) : []),
  ];

  const save = useMutation({
    mutationFn: () => {
      const codes = parseCodes(coverage);
      if (!agency) {
        const body: Schemas['CreateAgencyDto'] = {
          organizationId: given(organizationId) as string,
          name: given(name) as string,
          coverage: codes,
          channels,
          webhookUrl: orNull(webhookUrl),
          ...(webhookSecret ? { webhookSecret } : {}),
          contactEmail: orNull(contactEmail),
          contactPhone: orNull(contactPhone),
          isFallback,
          active,
        };
        return unwrap(api.POST('/api/v1/agencies', { body }));
      }
      const same = (a: string[], b: string[]) =>
        a.length === b.length && a.every((x) => b.includes(x));
      const body: Schemas['UpdateAgencyDto'] = {
        ...(name !== agency.name ? { name: name.trim() } : {}),
        ...(!same(codes, agency.coverage) ? { coverage: codes } : {}),
        ...(!same(channels, agency.channels) ? { channels } : {}),
        ...(orNull(webhookUrl) !== agency.webhookUrl ? { webhookUrl: orNull(webhookUrl) } : {}),
        ...(webhookSecret ? { webhookSecret } : {}),
        ...(orNull(contactEmail) !== agency.contactEmail
          ? { contactEmail: orNull(contactEmail) }
          : {}),
        ...(orNull(contactPhone) !== agency.contactPhone
          ? { contactPhone: orNull(contactPhone) }
          : {}),
        ...(isFallback !== agency.isFallback ? { isFallback } : {}),
        ...(active !== agency.active ? { active } : {}),
      };
      return unwrap(
        api.PATCH('/api/v1/agencies/{id}', { params: { path: { id: agency.id } }, body }),
      );
    },
    onSuccess: async (saved) => {
      setWebhookSecret('');
      await queryClient.invalidateQueries({ queryKey: ['admin', 'agencies'] });
      props.onSaved(saved);
    },
  });
  const errors = (field: string) => fieldErrors(save.error, field);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{agency ? `Edit ${agency.name}` : 'New agency'}</h2>
      <FormProblem error={save.error} fields={AGENCY_FIELDS} />
      <form onSubmit={submit} noValidate>
        <div className="inline-fields">
          {agency ? (
            <div className="field">
              <p className="admin-static-label">Organization</p>
              <p className="admin-static-value">{props.organization?.legalName ?? '—'}</p>
            </div>
          ) : (
            <SelectInput
              label="Organization"
              required
              hint={
                props.organizations.length === 0
                  ? 'Every active law-enforcement organization has an agency: create the organization first.'
                  : 'An active law-enforcement organization without an agency.'
              }
              errors={errors('organizationId')}
              value={organizationId}
              onChange={(e) => setOrganizationId(e.target.value)}
            >
              <option value="">Choose an organization</option>
              {props.organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.legalName} ({o.country})
                </option>
              ))}
            </SelectInput>
          )}
          <TextInput
            label="Agency name"
            required
            errors={errors('name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
          />
        </div>
        <TextInput
          label="Coverage"
          hint={
            props.knownCodes.length
              ? `Jurisdiction codes, separated by commas. Recorded: ${props.knownCodes.join(', ')}.`
              : 'Jurisdiction codes, separated by commas. No jurisdiction is recorded yet.'
          }
          errors={errors('coverage')}
          value={coverage}
          onChange={(e) => setCoverage(e.target.value)}
          autoComplete="off"
          className="mono"
        />
        <fieldset>
          <legend>Channels</legend>
          {errors('channels').length ? (
            <p className="field-error">{errors('channels').join(' ')}</p>
          ) : null}
          <div className="admin-check-row">
            <CheckField
              label="Portal"
              hint="Liaisons read dispatches in the hub."
              checked={portal}
              onChange={setPortal}
            />
            <CheckField
              label="Webhook"
              hint="Each dispatch is also sent, signed, to the webhook URL."
              checked={webhook}
              onChange={setWebhook}
            />
          </div>
          <div className="inline-fields">
            <TextInput
              label="Webhook URL"
              hint="https, on a host with public addresses only."
              errors={errors('webhookUrl')}
              type="url"
              value={webhookUrl}
              onChange={(e) => setWebhookUrl(e.target.value)}
              autoComplete="off"
              className="mono"
            />
            <TextInput
              label={agency?.webhookSecretSet ? 'New webhook secret' : 'Webhook secret'}
              hint={
                agency?.webhookSecretSet
                  ? 'A secret is set; it is never shown. Enter a new one (at least 32 characters) to replace it, or leave this empty to keep it.'
                  : 'At least 32 characters. It is stored encrypted and never shown again.'
              }
              errors={errors('webhookSecret')}
              type="password"
              value={webhookSecret}
              onChange={(e) => setWebhookSecret(e.target.value)}
              autoComplete="new-password"
              className="mono"
            />
          </div>
        </fieldset>
        <div className="inline-fields">
          <TextInput
            label="Contact e-mail"
            errors={errors('contactEmail')}
            type="email"
            value={contactEmail}
            onChange={(e) => setContactEmail(e.target.value)}
            autoComplete="off"
          />
          <TextInput
            label="Contact phone"
            errors={errors('contactPhone')}
            type="tel"
            value={contactPhone}
            onChange={(e) => setContactPhone(e.target.value)}
            autoComplete="off"
          />
        </div>
        <CheckField
          label="Fallback agency"
          hint="Proposed for jurisdictions no active agency covers. At most one active fallback."
          checked={isFallback}
          onChange={setIsFallback}
          errors={errors('isFallback')}
        />
        <CheckField
          label="Active"
          hint="Inactive agencies are never proposed or dispatched to."
          checked={active}
          onChange={setActive}
          errors={errors('active')}
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {agency ? 'Save agency' : 'Create agency'}
          </button>
          <button type="button" className="button button-quiet" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
