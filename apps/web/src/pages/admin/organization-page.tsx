import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { formatDateTime, label } from '../../components/format';
import { Details, Notice, PageHeader, QueryView } from '../../components/ui';
import { fieldErrors, FormProblem, ROLES_BY_KIND, yesNo, type Organization } from './common';
import { OrganizationStatusBadge } from './organizations-page';
import { domainList, OrganizationFields, type OrganizationDraft } from './organization-fields';
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
              [
                'E-mail domains',
                org.emailDomains.length > 0
                  ? org.emailDomains.join(', ')
                  : 'None registered: no account can be added',
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
  const [draft, setDraft] = useState<OrganizationDraft>({
    legalName: org.legalName,
    country: org.country,
    status: org.status,
    memberType: org.memberType ?? '',
    sharing: org.sharingRegistrationCurrent ?? false,
    named: org.namedInDispatches,
    emailDomains: org.emailDomains.join(', '),
  });
  const { legalName, country, status, memberType, sharing, named, emailDomains } = draft;
  const domains = domainList(emailDomains);

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
            ...(domains.join(' ') !== org.emailDomains.join(' ') ? { emailDomains: domains } : {}),
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
          'emailDomains',
        ]}
      />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <OrganizationFields
          draft={draft}
          onChange={(patch) => setDraft({ ...draft, ...patch })}
          errors={errors}
          member={member}
          statusHint="Suspending ends every session of its users."
          choose={memberType === ''}
        />
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
