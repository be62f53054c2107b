import { withinScope, type RecordScope } from '@app/domain';
import type { Held } from '../access/record-access';
import type {
  CaseEntity,
  CaseNoteEntity,
  InfoRequestEntity,
  ReferralEntity,
  UserEntity,
} from '../entities';
import type { Tx } from '../unit-of-work/tx';
import type { CaseNotesRepository, CaseNoteWithAuthor } from './case-notes.repository';
import type { CaseReferralsRepository, PackageFiler } from './case-referrals.repository';
import type { AssignableUser, CasesRepository } from './cases.repository';
import type { InfoRequestsRepository } from './info-requests.repository';
import type { MatchSuggestionsRepository } from './match-suggestions.repository';

/** A match suggestion as the in-memory store keeps it. */
export interface StoredSuggestion {
  caseId: string;
  referralId: string;
  status: string;
  reason: string;
}

/**
 * The rows the in-memory case repositories share, for unit tests. Reads hand
 * out copies and only `save`/`add` write back, so a change a refused command
 * made to an entity it never saved is not in the store (as after a rollback).
 */
export class InMemoryCaseStore {
  readonly cases = new Map<string, CaseEntity>();
  readonly referrals = new Map<string, ReferralEntity>();
  readonly users = new Map<string, UserEntity>();
  readonly notes: CaseNoteEntity[] = [];
  readonly infoRequests = new Map<string, InfoRequestEntity>();
  readonly suggestions: StoredSuggestion[] = [];
  readonly filers: PackageFiler[] = [];
  /** Cases whose clocks a merge cancelled. */
  readonly cancelledClocksOf: string[] = [];
  /** Organizations of coalition staff (for the assignee list). */
  readonly coalitionOrganizations = new Set<string>();
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

function reaches(scope: RecordScope, r: ReferralEntity): boolean {
  return withinScope(scope, { organizationId: r.organizationId, ownerId: r.createdBy });
}

export class InMemoryCasesRepository implements Pick<CasesRepository, keyof CasesRepository> {
  constructor(readonly store: InMemoryCaseStore) {}

  loadForAccess(_tx: Tx, id: string): Promise<Held<CaseEntity> | null> {
    const c = this.store.cases.get(id);
    return Promise.resolve(c ? { record: copy(c), organizationId: null } : null);
  }

  lock(_tx: Tx, id: string): Promise<CaseEntity | null> {
    return this.find(_tx, id);
  }

  find(_tx: Tx, id: string): Promise<CaseEntity | null> {
    const c = this.store.cases.get(id);
    return Promise.resolve(c ? copy(c) : null);
  }

  save(_tx: Tx, c: CaseEntity): Promise<void> {
    this.store.cases.set(c.id, copy(c));
    return Promise.resolve();
  }

  cancelClocksOfMerged(_tx: Tx, caseId: string): Promise<void> {
    this.store.cancelledClocksOf.push(caseId);
    return Promise.resolve();
  }

  assignableUsers(_tx: Tx, roles: readonly string[]): Promise<AssignableUser[]> {
    return Promise.resolve(
      [...this.store.users.values()]
        .filter(
          (u) =>
            u.status === 'active' &&
            roles.includes(u.role) &&
            this.store.coalitionOrganizations.has(u.organizationId),
        )
        .sort((a, b) => a.displayName.toLowerCase().localeCompare(b.displayName.toLowerCase()))
        .map((u) => ({ id: u.id, displayName: u.displayName, role: u.role })),
    );
  }

  candidateAssignee(_tx: Tx, id: string): Promise<UserEntity | null> {
    const u = this.store.users.get(id);
    return Promise.resolve(u ? copy(u) : null);
  }
}

export class InMemoryCaseReferralsRepository implements Pick<
  CaseReferralsRepository,
  keyof CaseReferralsRepository
> {
  constructor(readonly store: InMemoryCaseStore) {}

  find(_tx: Tx, scope: RecordScope, id: string): Promise<ReferralEntity | null> {
    const r = this.store.referrals.get(id);
    return Promise.resolve(r && reaches(scope, r) ? copy(r) : null);
  }

  lock(tx: Tx, scope: RecordScope, id: string): Promise<ReferralEntity | null> {
    return this.find(tx, scope, id);
  }

  idsOnCase(_tx: Tx, scope: RecordScope, caseId: string): Promise<string[]> {
    return Promise.resolve(this.onCase(scope, caseId).map((r) => r.id));
  }

  count(
    _tx: Tx,
    scope: RecordScope,
    caseId: string,
    statuses?: readonly string[],
  ): Promise<number> {
    return Promise.resolve(
      this.onCase(scope, caseId).filter((r) => !statuses || statuses.includes(r.status)).length,
    );
  }

  markings(
    _tx: Tx,
    scope: RecordScope,
    caseId: string,
    statuses: readonly string[],
  ): Promise<string[]> {
    const on = this.onCase(scope, caseId).filter((r) => statuses.includes(r.status));
    return Promise.resolve([...new Set(on.map((r) => r.tlp))]);
  }

  moveToCase(
    _tx: Tx,
    scope: RecordScope,
    referralIds: readonly string[],
    _fromCaseId: string,
    toCaseId: string,
  ): Promise<void> {
    for (const id of referralIds) {
      const r = this.store.referrals.get(id);
      if (!r || !reaches(scope, r)) continue;
      r.caseId = toCaseId;
      for (const i of this.store.infoRequests.values()) {
        if (i.referralId === id) i.caseId = toCaseId;
      }
      for (const s of this.store.suggestions) {
        if (s.caseId === toCaseId && s.referralId === id && s.status === 'open') {
          s.status = 'linked';
        }
      }
    }
    return Promise.resolve();
  }

  forPackage(
    _tx: Tx,
    scope: RecordScope,
    caseId: string,
    statuses: readonly string[],
  ): Promise<{ referrals: ReferralEntity[]; filers: PackageFiler[] }> {
    const referrals = this.onCase(scope, caseId)
      .filter((r) => statuses.includes(r.status))
      .map(copy);
    const orgs = new Set(referrals.map((r) => r.organizationId));
    return Promise.resolve({
      referrals,
      filers: this.store.filers.filter((f) => orgs.has(f.id)),
    });
  }

  private onCase(scope: RecordScope, caseId: string): ReferralEntity[] {
    return [...this.store.referrals.values()].filter(
      (r) => r.caseId === caseId && reaches(scope, r),
    );
  }
}

export class InMemoryCaseNotesRepository implements Pick<
  CaseNotesRepository,
  keyof CaseNotesRepository
> {
  constructor(readonly store: InMemoryCaseStore) {}

  add(_tx: Tx, note: Pick<CaseNoteEntity, 'id' | 'caseId' | 'authorId' | 'body'>): Promise<void> {
    this.store.notes.push({ ...note, createdAt: new Date(0) });
    return Promise.resolve();
  }

  withAuthor(_tx: Tx, noteId: string, authorId: string): Promise<CaseNoteWithAuthor> {
    const note = this.store.notes.find((n) => n.id === noteId);
    const author = this.store.users.get(authorId);
    if (!note || !author) throw new Error('note or author missing');
    return Promise.resolve({
      note: copy(note),
      author: { id: author.id, displayName: author.displayName },
    });
  }

  moveToCase(_tx: Tx, fromCaseId: string, toCaseId: string): Promise<void> {
    for (const n of this.store.notes) if (n.caseId === fromCaseId) n.caseId = toCaseId;
    return Promise.resolve();
  }
}

export class InMemoryMatchSuggestionsRepository implements Pick<
  MatchSuggestionsRepository,
  keyof MatchSuggestionsRepository
> {
  constructor(readonly store: InMemoryCaseStore) {}

  recordLink(_tx: Tx, caseId: string, referralId: string): Promise<void> {
    const found = this.store.suggestions.find(
      (s) => s.caseId === caseId && s.referralId === referralId,
    );
    if (found) found.status = 'linked';
    else {
      this.store.suggestions.push({
        caseId,
        referralId,
        status: 'linked',
        reason: 'linked by a coordinator',
      });
    }
    return Promise.resolve();
  }

  dismissOpen(_tx: Tx, caseId: string, referralId: string): Promise<boolean> {
    const found = this.store.suggestions.find(
      (s) => s.caseId === caseId && s.referralId === referralId && s.status === 'open',
    );
    if (found) found.status = 'dismissed';
    return Promise.resolve(found !== undefined);
  }

  handOver(_tx: Tx, fromCaseId: string, toCaseId: string): Promise<void> {
    const moving = this.store.suggestions.filter((s) => s.caseId === fromCaseId);
    for (const s of moving) {
      this.store.suggestions.splice(this.store.suggestions.indexOf(s), 1);
      const referral = this.store.referrals.get(s.referralId);
      const taken = this.store.suggestions.some(
        (t) => t.caseId === toCaseId && t.referralId === s.referralId,
      );
      if (referral?.caseId !== toCaseId && !taken) {
        this.store.suggestions.push({ ...s, caseId: toCaseId });
      }
    }
    return Promise.resolve();
  }
}

export class InMemoryInfoRequestsRepository implements Pick<
  InfoRequestsRepository,
  keyof InfoRequestsRepository
> {
  constructor(readonly store: InMemoryCaseStore) {}

  create(
    _tx: Tx,
    request: Pick<
      InfoRequestEntity,
      'id' | 'caseId' | 'referralId' | 'organizationId' | 'askedBy' | 'question'
    >,
  ): Promise<void> {
    this.store.infoRequests.set(request.id, {
      ...request,
      status: 'open',
      answer: null,
      answeredBy: null,
      answeredAt: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      version: 1,
    });
    return Promise.resolve();
  }

  referralOf(_tx: Tx, id: string): Promise<string | null> {
    return Promise.resolve(this.store.infoRequests.get(id)?.referralId ?? null);
  }

  lock(_tx: Tx, scope: RecordScope, id: string): Promise<InfoRequestEntity | null> {
    const request = this.store.infoRequests.get(id);
    const referral = request ? this.store.referrals.get(request.referralId) : undefined;
    return Promise.resolve(request && referral && reaches(scope, referral) ? copy(request) : null);
  }

  save(_tx: Tx, request: InfoRequestEntity): Promise<void> {
    this.store.infoRequests.set(request.id, copy(request));
    return Promise.resolve();
  }

  countOpen(_tx: Tx, scope: RecordScope, referralId: string): Promise<number> {
    const referral = this.store.referrals.get(referralId);
    if (!referral || !reaches(scope, referral)) return Promise.resolve(0);
    return Promise.resolve(
      [...this.store.infoRequests.values()].filter(
        (i) => i.referralId === referralId && i.status === 'open',
      ).length,
    );
  }

  cancelOpenOfCase(_tx: Tx, scope: RecordScope, caseId: string): Promise<void> {
    for (const i of this.store.infoRequests.values()) {
      const referral = this.store.referrals.get(i.referralId);
      if (i.caseId === caseId && i.status === 'open' && referral && reaches(scope, referral)) {
        i.status = 'cancelled';
      }
    }
    return Promise.resolve();
  }
}
