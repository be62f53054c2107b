import './unread-badge.css';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

/** The query key of the caller's unread count (the Notifications page refreshes it). */
export const UNREAD_KEY = ['notifications', 'unread-count'] as const;

/**
 * The caller's unread notifications as a small count beside the menu link,
 * refreshed every minute and when the person comes back. Nothing when none.
 */
export function UnreadBadge() {
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/notifications/unread-count')),
    refetchInterval: 60_000,
  });
  const count = unread.data?.unread ?? 0;
  if (count === 0) return null;
  return (
    <span className="nav-count" aria-label={`${count} unread`}>
      {count > 99 ? '99+' : count}
    </span>
  );
}
