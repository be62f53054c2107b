import type { CaseStatus, MatchingKey } from '@app/domain';
import type { Tx } from '../unit-of-work/tx';
import type { IntakeRepository } from './intake.repository';

/** Answer on a later tick, as a query does, so callers cannot rely on synchronous fakes. */
const settled = (): Promise<void> => Promise.resolve();

/** A case as the intake fake keeps it. */
export interface InMemoryCase {
  id: string;
  reference: string;
  status: CaseStatus;
  priority: string;
  /** Insertion order stands in for created_at. */
  seq: number;
}

/**
 * IntakeRepository over arrays, for unit tests. Name similarity is not
 * pg_trgm's: `similarNames` is what the test says the index would find.
 */
export class InMemoryIntakeRepository implements Pick<IntakeRepository, keyof IntakeRepository> {
  readonly cases: InMemoryCase[] = [];
  readonly matchKeys: { referralId: string; caseId: string; kind: string; value: string }[] = [];
  readonly suggestions: { caseId: string; referralId: string; reason: 'exact' | 'name' }[] = [];
  readonly lockedKeys: string[][] = [];
  /** Case ids the similar-name search returns (before the own-case and status filters). */
  similarNames: string[] = [];
  private seq = 0;

  seedCase(fields: { id: string; status: CaseStatus; priority: string }): InMemoryCase {
    this.seq += 1;
    const row = { ...fields, reference: `CASE-2026-${this.seq}`, seq: this.seq };
    this.cases.push(row);
    return row;
  }

  seedMatchKey(caseId: string, key: MatchingKey, referralId = 'seeded'): void {
    this.matchKeys.push({ referralId, caseId, kind: key.kind, value: key.value });
  }

  async lockKeys(_tx: Tx, keys: readonly MatchingKey[]): Promise<void> {
    await settled();
    if (keys.length > 0) this.lockedKeys.push(keys.map((k) => `${k.kind}:${k.value}`).sort());
  }

  async casesSharingKeys(
    _tx: Tx,
    keys: readonly MatchingKey[],
    statuses: readonly string[],
  ): Promise<string[]> {
    await settled();
    return this.cases
      .filter(
        (c) =>
          statuses.includes(c.status) &&
          this.matchKeys.some(
            (k) => k.caseId === c.id && keys.some((q) => q.kind === k.kind && q.value === k.value),
          ),
      )
      .sort((a, b) => a.seq - b.seq)
      .map((c) => c.id);
  }

  async casePriority(_tx: Tx, caseId: string): Promise<string> {
    await settled();
    const found = this.cases.find((c) => c.id === caseId);
    if (!found) throw new Error(`case ${caseId} not found`);
    return found.priority;
  }

  async setCasePriority(_tx: Tx, caseId: string, priority: string): Promise<void> {
    await settled();
    const found = this.cases.find((c) => c.id === caseId);
    if (found) found.priority = priority;
  }

  async openCase(
    _tx: Tx,
    fields: { id: string; status: CaseStatus; priority: string },
  ): Promise<void> {
    await settled();
    this.seedCase(fields);
  }

  async recordMatchKeys(
    _tx: Tx,
    referralId: string,
    caseId: string,
    keys: readonly MatchingKey[],
  ): Promise<void> {
    await settled();
    for (const k of keys) {
      const exists = this.matchKeys.some(
        (m) => m.referralId === referralId && m.kind === k.kind && m.value === k.value,
      );
      if (!exists) this.matchKeys.push({ referralId, caseId, kind: k.kind, value: k.value });
    }
  }

  async suggestExactMatch(_tx: Tx, caseId: string, referralId: string): Promise<boolean> {
    await settled();
    if (this.suggestions.some((s) => s.caseId === caseId && s.referralId === referralId)) {
      return false;
    }
    this.suggestions.push({ caseId, referralId, reason: 'exact' });
    return true;
  }

  async suggestSimilarNames(
    _tx: Tx,
    args: {
      name: string;
      referralId: string;
      caseId: string;
      threshold: number;
      statuses: readonly string[];
    },
  ): Promise<number> {
    await settled();
    let added = 0;
    for (const caseId of this.similarNames) {
      const c = this.cases.find((x) => x.id === caseId);
      if (!c || caseId === args.caseId || !args.statuses.includes(c.status)) continue;
      if (this.suggestions.some((s) => s.caseId === caseId && s.referralId === args.referralId)) {
        continue;
      }
      this.suggestions.push({ caseId, referralId: args.referralId, reason: 'name' });
      added += 1;
    }
    return added;
  }
}
