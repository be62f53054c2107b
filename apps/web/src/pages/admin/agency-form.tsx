import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { TextInput, SelectInput } from '../../components/controls';
import {
  CheckField,
  fieldErrors,
  FormProblem,
  given,
  orNull,
  type Agency,
  type Organization,
} from './common';

type Channel = Agency['channels'][number];

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

function parseCodes(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

/** Create or edit one agency: its organization, coverage and how it receives dispatches. */
export function AgencyForm(props: {
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
