import type { Timestamp } from '@app/persistence';

/** A timestamp as the API writes it (ISO, UTC, milliseconds), or null. */
export const ISO = (d: Timestamp | null): string | null =>
  d === null ? null : (d instanceof Date ? d : new Date(d)).toISOString();

/** A timestamp the database never leaves empty. */
export const ISO_SET = (d: Timestamp): string => ISO(d)!;
