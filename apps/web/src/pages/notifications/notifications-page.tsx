import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useSearchParams, Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { formatDateTime, relativeTime } from '../../components/format';
import { PagedView, usePagedList } from '../../components/paged';
import { EmptyState, PageHeader, ProblemMessage } from '../../components/ui';
import { SelectInput } from '../../components/controls';
import { UNREAD_KEY } from '../../components/unread-badge';
import { KIND_WORDS } from './kind-words';
import { MailPreferences } from './mail-preferences';

type Notification = Schemas['NotificationResponse'];
const LIST_KEY = ['notifications', 'list'] as const;

/**
 * What the hub told the signed-in person, newest first: each links to its
 * page (opening it marks it read). Below, which kinds are also mailed.
 */
export function NotificationsPage() {
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('show') === 'unread';
  const queryClient = useQueryClient();
  const list = usePagedList<Notification>([...LIST_KEY, unreadOnly ? 'unread' : 'all'], (cursor) =>
    unwrap(
      api.GET('/api/v1/notifications', {
        params: { query: { unread: unreadOnly ? 'true' : 'false', cursor } },
      }),
    ),
  );
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: LIST_KEY }),
      queryClient.invalidateQueries({ queryKey: UNREAD_KEY }),
    ]);
  const markRead = useMutation({
    mutationFn: (ids: string[] | null) =>
      unwrap(
        ids
          ? api.POST('/api/v1/notifications/read', { body: { ids } })
          : api.POST('/api/v1/notifications/read-all'),
      ),
    onSuccess: refresh,
  });

  return (
    <>
      <PageHeader
        title="Notifications"
        subtitle="What needs you, newest first. Each names a reference; open it to see the record."
        actions={
          <button
            type="button"
            className="button"
            disabled={markRead.isPending}
            onClick={() => markRead.mutate(null)}
          >
            Mark all read
          </button>
        }
      />
      <form
        className="filters"
        aria-label="Filter notifications"
        onSubmit={(e) => e.preventDefault()}
      >
        <SelectInput
          label="Show"
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            if (e.target.value === 'unread') next.set('show', 'unread');
            else next.delete('show');
            setParams(next);
          }}
        >
          <option value="all">All notifications</option>
          <option value="unread">Unread only</option>
        </SelectInput>
      </form>
      {markRead.error ? <ProblemMessage error={markRead.error} /> : null}
      <PagedView
        list={list}
        what="notifications"
        empty={
          <EmptyState title={unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}>
            The hub tells you here (and by mail, as you choose below) when something needs you.
          </EmptyState>
        }
      >
        {(items) => (
          <ul className="notification-list" aria-label="Notifications">
            {items.map((n) => (
              <li key={n.id} className={n.readAt ? undefined : 'notification-unread'}>
                <Link to={n.path} onClick={() => n.readAt ?? markRead.mutate([n.id])}>
                  {KIND_WORDS[n.kind] ?? n.kind}: <span className="mono">{n.reference}</span>
                </Link>
                {n.tlp ? <span className="notification-tlp"> TLP:{n.tlp}</span> : null}
                <span className="notification-meta">
                  {' · '}
                  <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
                    {relativeTime(n.createdAt)}
                  </time>
                  {n.readAt ? null : ' · unread'}
                </span>
              </li>
            ))}
          </ul>
        )}
      </PagedView>
      <MailPreferences />
    </>
  );
}
