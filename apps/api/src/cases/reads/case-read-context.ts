import type { RecordScope } from '@app/domain';
import type { CaseReadsRepository, CaseWorkReadsRepository, Tx } from '@app/persistence';

/** What every section reader of one case works with. */
export interface CaseReadContext {
  readonly tx: Tx;
  /** The caller's reach over cases (only `all` reads anything: cases are the coalition's). */
  readonly scope: RecordScope;
  readonly caseId: string;
  readonly reads: Pick<CaseReadsRepository, keyof CaseReadsRepository>;
  readonly work: Pick<CaseWorkReadsRepository, keyof CaseWorkReadsRepository>;
}

export const ISO = (d: Date | string | null): string | null =>
  d === null ? null : (d instanceof Date ? d : new Date(d)).toISOString();

/** A timestamp the database never leaves empty. */
export const ISO_SET = (d: Date | string): string => ISO(d)!;
