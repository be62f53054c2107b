import { AUDIT_ACTION_LABELS } from '@app/domain';

/**
 * Every action the audit trail records, with the words an auditor reads it
 * by, in name order: the shared vocabulary's table (libs/domain/src/vocabulary),
 * which the console's timeline and audit view read too. The auditor's filter
 * picks from this list instead of typing internal names; audit-actions.spec.ts
 * fails when code records an action the table does not name.
 */
export const AUDIT_ACTIONS: readonly (readonly [string, string])[] = Object.entries(
  AUDIT_ACTION_LABELS,
).sort(([a], [b]) => a.localeCompare(b));
