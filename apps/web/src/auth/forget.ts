import type { QueryClient } from '@tanstack/react-query';
import { forgetTokens } from '../api/tokens';

/** The prefix of every key the console keeps in the browser's storage. */
const STORAGE_PREFIX = 'crh.';

const forgetters = new Set<() => void>();

/**
 * Have `forget` run whenever a session ends: a page module that keeps
 * something of the person in memory beyond its components (a draft handed
 * from one page to the next, say) registers here when it loads.
 */
export function forgetWhenSessionEnds(forget: () => void): void {
  forgetters.add(forget);
}

/**
 * Forget everything the tab holds of the person whose session ended (signed
 * out, expired or refused), so the next person to sign in on this browser
 * finds nothing of theirs: the cached answers, what page modules keep in
 * memory, the tokens and every key of ours in sessionStorage and localStorage.
 */
export function forgetThePerson(queryClient: QueryClient): void {
  void queryClient.cancelQueries();
  queryClient.clear();
  for (const forget of forgetters) forget();
  forgetTokens();
  for (const storage of [sessionStorage, localStorage]) {
    const ours = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter(
      (key): key is string => key?.startsWith(STORAGE_PREFIX) === true,
    );
    for (const key of ours) storage.removeItem(key);
  }
}
