import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { formatDateTime, label } from '../../components/format';
import { Details, Field, Notice, PageHeader, QueryView } from '../../components/ui';
import {
  CheckField,
  fieldErrors,
  FormProblem,
  MEMBER_TYPES,
  ORGANIZATION_STATUSES,
  ROLES_BY_KIND,
  yesNo,
  type MemberType,
  type Organization,
  type OrganizationStatus,
} from './common';
import { OrganizationStatusBadge } from './organizations-page';
import { UsersPanel } from './users-panel';

/** One organization: its details, their edit, and its users. */
export function OrganizationPage() {
  const { id = '' } = useParams();
  const query = useQuery({
    queryKey: ['admin', 'organization', id],
    queryFn: () => unwrap(api.GET('/api/v1/organizations/{id}', { params: { path: { id } } })),
  });
  return (
    <QueryView query={query} what="Loading the organization">
      {(org) => <OrganizationView org={org} />}
    </QueryView>
  );
}

function OrganizationView({ org }: { org: Organization }) {
  const location = useLocation();
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const headingId = useId();
  return (
    <>
      <p className="admin-back no-print">
        <Link to="/admin/organizations">All organizations</Link>
      </p>
      <PageHeader
        title={org.legalName}
        subtitle={`${label(org.kind)} organization · ${org.country}`}
        actions={
          editing ? null : (
            <button
              type="button"
              className="button"
              onClick={() => {
                setEditing(true);
                setSaved(false);
              }}
            >
              Edit organization
            </button>
          )
        }
      />
      {justCreated && !saved && !editing ? (
        <Notice>The organization was created. Add its users below.</Notice>
      ) : null}
      {saved ? <Notice>The organization was saved.</Notice> : null}
      {editing ? (
        <EditOrganizationForm
          key={org.updatedAt}
          org={org}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setSaved(true);
          }}
        />
      ) : (
        <section className="panel" aria-labelledby={headingId}>
          <h2 id={headingId}>Details</h2>
          <Details
            items={[
              ['Kind', label(org.kind)],
              ['Country', org.country],
              ['Status', <OrganizationStatusBadge key="status" status={org.status} />],
              ['Member type', org.memberType ? label(org.memberType) : null],
              [
                'Sharing registration current',
                org.kind === 'member' ? yesNo(org.sharingRegistrationCurrent) : null,
              ],
              [
                'Named in dispatches',
                org.kind === 'member'
                  ? org.namedInDispatches
                    ? 'Yes, by name'
                    : 'No, as “a coalition member”'
                  : null,
              ],
              ['Created', formatDateTime(org.createdAt)],
              ['Last changed', formatDateTime(org.updatedAt)],
              ...(org.isDemo ? ([['Demo record', 'Yes (fictitious)']] as [string, string][]) : []),
            ]}
          />
        </section>
      )}
      <UsersPanel organizationId={org.id} roles={ROLES_BY_KIND[org.kind]} />
    </>
  );
}

function EditOrganizationForm(props: {
  org: Organization;
  onCancel: () => void;
  onSaved: () => void;
}) {
  const { org } = props;
  const headingId = useId();
  const queryClient = useQueryClient();
  const member = org.kind === 'member';
  const [legalName, setLegalName] = useState(org.legalName);
  const [country, setCountry] = useState(org.country);
  const [status, setStatus] = useState<OrganizationStatus>(org.status);
  const [memberType, setMemberType] = useState<MemberType | ''>(org.memberType ?? '');
  const [sharing, setSharing] = useState(org.sharingRegistrationCurrent ?? false);
  const [named, setNamed] = useState(org.namedInDispatches);

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/organizations/{id}', {
          params: { path: { id: org.id } },
          body: {
            ...(legalName !== org.legalName ? { legalName } : {}),
            ...(country !== org.country ? { country } : {}),
            ...(status !== org.status ? { status } : {}),
            ...(member && memberType && memberType !== org.memberType ? { memberType } : {}),
            ...(member && sharing !== org.sharingRegistrationCurrent
              ? { sharingRegistrationCurrent: sharing }
              : {}),
            ...(member && named !== org.namedInDispatches ? { namedInDispatches: named } : {}),
          },
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['admin', 'organization', org.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['admin', 'organizations'] });
      props.onSaved();
    },
  });
  const errors = (field: string) => fieldErrors(save.error, field);

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Edit organization</h2>
      <FormProblem
        error={save.error}
        fields={[
          'legalName',
          'country',
          'status',
          'memberType',
          'sharingRegistrationCurrent',
          'namedInDispatches',
        ]}
      />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <div className="inline-fields">
          <Field label="Legal name" required errors={errors('legalName')}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                value={legalName}
                onChange={(e) => setLegalName(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                autoComplete="off"
              />
            )}
          </Field>
          <Field
            label="Country"
            required
            hint="Two-letter ISO code, such as GB."
            errors={errors('country')}
          >
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                value={country}
                onChange={(e) => setCountry(e.target.value)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                autoComplete="off"
                maxLength={2}
                className="admin-code-input"
              />
            )}
          </Field>
          <Field
            label="Status"
            hint="Suspending ends every session of its users."
            errors={errors('status')}
          >
            {({ id, describedBy, invalid }) => (
              <select
                id={id}
                value={status}
                onChange={(e) => setStatus(e.target.value as OrganizationStatus)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
              >
                {ORGANIZATION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {label(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {member ? (
          <fieldset>
            <legend>Member details</legend>
            <Field label="Member type" required errors={errors('memberType')}>
              {({ id, describedBy, invalid }) => (
                <select
                  id={id}
                  value={memberType}
                  onChange={(e) => setMemberType(e.target.value as MemberType | '')}
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                >
                  {memberType === '' ? <option value="">Choose a member type</option> : null}
                  {MEMBER_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {label(t)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <CheckField
              label="Information-sharing registration is current"
              checked={sharing}
              onChange={setSharing}
              errors={errors('sharingRegistrationCurrent')}
            />
            <CheckField
              label="Name this organization in packages sent to law enforcement"
              hint="Otherwise its referrals reach agencies as from “a coalition member”."
              checked={named}
              onChange={setNamed}
              errors={errors('namedInDispatches')}
            />
          </fieldset>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            Save organization
          </button>
          <button type="button" className="button button-quiet" onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
