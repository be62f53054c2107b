import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import {
  Badge,
  EmptyState,
  Loading,
  Notice,
  PageHeader,
  ProblemMessage,
} from '../../components/ui';
import { loadAllOrganizations } from './common';

import { AgencyForm } from './agency-form';

type Mode = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string };

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
