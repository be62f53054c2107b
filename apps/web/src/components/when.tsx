import { formatDateTime, relativeTime, utcTitle } from './format';

/**
 * A time as people read it: in their own zone with its abbreviation, the exact
 * UTC instant on hover (title), and with `relative` a hint such as "in 2 days".
 */
export function When({
  at,
  relative = false,
  now,
}: {
  at: string | null | undefined;
  relative?: boolean;
  now?: number;
}) {
  if (!at) return <>—</>;
  return (
    <time dateTime={at} title={utcTitle(at)}>
      {formatDateTime(at)}
      {relative ? ` (${relativeTime(at, now)})` : ''}
    </time>
  );
}
