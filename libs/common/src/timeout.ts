export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

/**
 * Settle with `promise`, or reject after `ms`. The underlying work is not
 * cancelled; callers use this only where finishing late is harmless.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
