import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A page loaded when it is first shown: each page is its own chunk, so the
 * sign-in page and a person's first page do not wait for every other page's
 * code. `lazyPage(() => import('./case-page'), 'CasePage')`. The layout's
 * Suspense shows the loading line meanwhile (only if it takes over 200 ms).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the constraint React.lazy itself uses
type AnyComponent = ComponentType<any>;

export function lazyPage<M extends Record<K, AnyComponent>, K extends keyof M>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}
