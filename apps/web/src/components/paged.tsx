import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/problem';
import { Loading, NotFoundContent, ProblemMessage } from './ui';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A cursor-paged list (every list route answers `{ items, nextCursor }`):
 * the first page at once, then "Show more" for the next. `load(cursor)`
 * calls the API with the cursor (undefined for the first page).
 */
export function usePagedList<T>(
  key: QueryKey,
  load: (cursor: string | undefined) => Promise<Page<T>>,
) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => load(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { query, items };
}

/** Renders loading/error/empty states and the "Show more" button around a paged list. */
export function PagedView<T>(props: {
  list: ReturnType<typeof usePagedList<T>>;
  what: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  const { query, items } = props.list;
  if (query.isPending) return <Loading what={`Loading ${props.what}`} />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <NotFoundContent />;
    return <ProblemMessage error={query.error} />;
  }
  if (items.length === 0) return <>{props.empty}</>;
  return (
    <>
      {props.children(items)}
      {query.hasNextPage ? (
        <div className="form-actions">
          <button
            type="button"
            className="button"
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? 'Loading more…' : `Show more ${props.what}`}
          </button>
        </div>
      ) : null}
    </>
  );
}
