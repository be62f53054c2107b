import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { formatDate, label } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { Badge, EmptyState, PageHeader } from '../../components/ui';
import { SelectInput } from '../../components/controls';
import {
  fieldErrors,
  FormProblem,
  given,
  ORGANIZATION_KINDS,
  ORGANIZATION_STATUSES,
  yesNo,
  type Organization,
  type OrganizationKind,
  type OrganizationStatus,
} from './common';
import { domainList, OrganizationFields, type OrganizationDraft } from './organization-fields';

/** Every organization: members, the coalition, law-enforcement agencies. */
export function OrganizationsPage() {
  const [params, setParams] = useSearchParams();
  const kind = ORGANIZATION_KINDS.find((k) => k === params.get('kind'));
  const status = ORGANIZATION_STATUSES.find((s) => s === params.get('status'));
  const [creating, setCreating] = useState(false);
  const list = usePagedList<Organization>(['admin', 'organizations', { kind, status }], (cursor) =>
    unwrap(
      api.GET('/api/v1/organizations', {
        params: {
          query: {
            ...(kind ? { kind } : {}),
            ...(status ? { status } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    ),
  );
  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  return (
    <>
      <PageHeader
        title="Organizations"
        subtitle="Members that file referrals, the coalition, and law-enforcement organizations."
        actions={
          creating ? null : (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setCreating(true)}
            >
              New organization
            </button>
          )
        }
      />
      {creating ? <NewOrganizationForm onCancel={() => setCreating(false)} /> : null}
      <form
        className="filters"
        aria-label="Filter organizations"
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectInput
          label="Kind"
          value={kind ?? ''}
          onChange={(e) => setFilter('kind', e.target.value)}
          options={ORGANIZATION_KINDS}
        >
          <option value="">All kinds</option>
        </SelectInput>
        <SelectInput
          label="Status"
          value={status ?? ''}
          onChange={(e) => setFilter('status', e.target.value)}
          options={ORGANIZATION_STATUSES}
        >
          <option value="">All statuses</option>
        </SelectInput>
      </form>
      <PagedView
        list={list}
        what="organizations"
        empty={
          <EmptyState title={kind || status ? 'No organization matches' : 'No organizations yet'}>
            {kind || status
              ? 'Choose another kind or status, or show them all.'
              : 'Create the first one with “New organization”.'}
          </EmptyState>
        }
      >
        {(organizations) => (
          <div className="table-wrap">
            <table className="data">
              <caption className="visually-hidden">Organizations</caption>
              <thead>
                <tr>
                  <th scope="col">Legal name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Country</th>
                  <th scope="col">Status</th>
                  <th scope="col">Member type</th>
                  <th scope="col">Sharing registration</th>
                  <th scope="col">Named in dispatches</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {organizations.map((o) => (
                  <tr key={o.id}>
                    <td>
                      <Link to={`/admin/organizations/${o.id}`}>{o.legalName}</Link>
                      {o.isDemo ? <span className="admin-muted"> (demo)</span> : null}
                    </td>
                    <td>{label(o.kind)}</td>
                    <td>{o.country}</td>
                    <td>
                      <OrganizationStatusBadge status={o.status} />
                    </td>
                    <td>{o.memberType ? label(o.memberType) : '—'}</td>
                    <td>{o.kind === 'member' ? yesNo(o.sharingRegistrationCurrent) : '—'}</td>
                    <td>{o.kind === 'member' ? yesNo(o.namedInDispatches) : '—'}</td>
                    <td>{formatDate(o.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </>
  );
}

export function OrganizationStatusBadge({ status }: { status: OrganizationStatus }) {
  const tone =
    status === 'active' ? 'accepted' : status === 'suspended' ? 'declined' : 'pending_approval';
  return <Badge value={tone} text={label(status)} />;
}

const ORGANIZATION_FIELDS = [
  'kind',
  'legalName',
  'country',
  'status',
  'memberType',
  'sharingRegistrationCurrent',
  'namedInDispatches',
  'emailDomains',
];

function NewOrganizationForm({ onCancel }: { onCancel: () => void }) {
  const headingId = useId();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<OrganizationKind>('member');
  const [draft, setDraft] = useState<OrganizationDraft>({
    legalName: '',
    country: '',
    status: 'pending_vetting',
    memberType: '',
    sharing: false,
    named: false,
    emailDomains: '',
  });
  const { legalName, country, status, memberType, sharing, named, emailDomains } = draft;
  const member = kind === 'member';

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/organizations', {
          body: {
            kind,
            legalName: given(legalName) as string,
            country: given(country) as string,
            status,
            emailDomains: domainList(emailDomains),
            ...(member
              ? {
                  ...(memberType ? { memberType } : {}),
                  sharingRegistrationCurrent: sharing,
                  namedInDispatches: named,
                }
              : {}),
          },
        }),
      ),
    onSuccess: async (org) => {
      await queryClient.invalidateQueries({ queryKey: ['admin', 'organizations'] });
      void navigate(`/admin/organizations/${org.id}`, { state: { created: true } });
    },
  });
  const errors = (field: string) => fieldErrors(create.error, field);
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>New organization</h2>
      <FormProblem error={create.error} fields={ORGANIZATION_FIELDS} />
      <form onSubmit={submit} noValidate>
        <OrganizationFields
          draft={draft}
          onChange={(patch) => setDraft({ ...draft, ...patch })}
          errors={errors}
          member={member}
          first={
            <SelectInput
              label="Kind"
              required
              errors={errors('kind')}
              value={kind}
              onChange={(e) => setKind(e.target.value as OrganizationKind)}
              options={ORGANIZATION_KINDS}
            />
          }
          choose
        />
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            Create organization
          </button>
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
