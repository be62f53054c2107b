// Over 400 lines on purpose: a test kit that wires every case step class to one shared
// in-memory store and its recording fakes; the fakes only make sense against that store,
// so they stay beside the wiring that connects them.
import type { RecordScope } from '@app/domain';
import type { AuditRecord } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import type { AppConfig, RequestMeta } from '@app/common';
import {
  REFERRAL_TRANSITIONS,
  referralTransition,
  type ReferralAction,
  type ReferralStatus,
} from '@app/domain';
import {
  InMemoryCaseNotesRepository,
  InMemoryCaseReferralsRepository,
  InMemoryCaseStore,
  InMemoryAgenciesRepository,
  InMemoryCasesRepository,
  InMemoryInfoRequestsRepository,
  InMemoryMatchSuggestionsRepository,
  InMemoryUnitOfWork,
  type CaseEntity,
  type NewDispatch,
  type PlannedAgency,
  type PlannedDispatchesRepository,
  type ReferralEntity,
  type ReferralsRepository,
  type Tx,
  type UnitOfWork,
  type UserEntity,
} from '@app/persistence';
import { Notifier } from '@app/queues';
import { DispatchCreation } from '../../dispatches/dispatch-creation';
import type {
  CaseDetailView,
  CaseInfoRequestView,
  InfoRequestView,
} from '../dto/case-responses.dto';
import { AddCaseNote } from './add-case-note';
import { ApproveRouting } from './approve-routing';
import { AssignCase } from './assign-case';
import { CaseMerging } from './case-merging';
import { CaseTransitions } from './case-transitions';
import type { CaseViews } from './case-views';
import { CloseCase } from './close-case';
import { DismissSuggestion } from './dismiss-suggestion';
import { LinkReferral } from './link-referral';
import { MergeCase } from './merge-case';
import { ProposeRouting } from './propose-routing';
import { RejectCase } from './reject-case';
import { ReopenCase } from './reopen-case';
import { RequestInfo } from './request-info';
import { SendBack } from './send-back';

/*
 * What the case command specs share: the steps wired to in-memory repositories
 * and recording fakes of the audit writer, outbox and clocks. Not a spec itself.
 */

export const META: RequestMeta = { ip: '203.0.113.9', userAgent: 'spec' } as RequestMeta;
export const COALITION = '00000000-0000-4000-8000-00000000c0a1';
export const MEMBER_ORG = '00000000-0000-4000-8000-0000000000e1';

export function person(id: string, role: AuthUser['role'], organizationId = COALITION): AuthUser {
  return {
    id,
    role,
    organizationId,
    organizationKind: organizationId === COALITION ? 'coalition' : 'member',
    email: `${id}@example.org`,
    sessionId: `s-${id}`,
  };
}

export const coordinator = person('00000000-0000-4000-8000-000000000c01', 'coordinator');
export const lead = person('00000000-0000-4000-8000-000000000c02', 'lead_coordinator');
export const otherLead = person('00000000-0000-4000-8000-000000000c03', 'lead_coordinator');

class RecordingAudit {
  readonly events: AuditRecord[] = [];
  record(_tx: Tx, record: AuditRecord): Promise<void> {
    this.events.push(record);
    return Promise.resolve();
  }
  actions(): string[] {
    return this.events.map((e) => `${e.action}:${e.outcome}`);
  }
}

class RecordingOutbox {
  readonly jobs: { queue: string; name: string; payload: Record<string, unknown> }[] = [];
  enqueue(_tx: Tx, queue: string, name: string, payload: Record<string, unknown>) {
    this.jobs.push({ queue, name, payload });
    return Promise.resolve(`outbox-${this.jobs.length}`);
  }
}

class RecordingClocks {
  readonly started: { clock: string; subject: Record<string, string> }[] = [];
  readonly stopped: { clock: string | string[]; subject: Record<string, string>; how: string }[] =
    [];
  start(_tx: Tx, clock: string, subject: Record<string, string>) {
    this.started.push({ clock, subject });
    return Promise.resolve('clock');
  }
  stop(_tx: Tx, clock: string | string[], subject: Record<string, string>, how = 'met') {
    this.stopped.push({ clock, subject, how });
    return Promise.resolve(1);
  }
}

/** Referral status changes through the domain table, on the shared store. */
class TableReferrals implements Pick<ReferralsRepository, 'transition' | 'transitionCase'> {
  constructor(private readonly store: InMemoryCaseStore) {}

  transition(_tx: Tx, referral: ReferralEntity, action: ReferralAction) {
    const to = referralTransition(action, referral.status as ReferralStatus);
    if (to === null) return Promise.resolve(null);
    referral.status = to;
    this.store.referrals.get(referral.id)!.status = to;
    return Promise.resolve(to);
  }

  transitionCase(_tx: Tx, caseId: string, action: ReferralAction) {
    const rule = REFERRAL_TRANSITIONS.find((t) => t.action === action)!;
    const moved: string[] = [];
    for (const r of this.store.referrals.values()) {
      if (r.caseId === caseId && (rule.from as readonly string[]).includes(r.status)) {
        r.status = rule.to;
        moved.push(r.id);
      }
    }
    return Promise.resolve(moved.sort());
  }

  loadForAccess(_tx: Tx, id: string) {
    const r = this.store.referrals.get(id);
    return Promise.resolve(
      r ? { record: r, organizationId: r.organizationId, ownerId: r.createdBy } : null,
    );
  }
}

class FakeDispatches implements Pick<
  PlannedDispatchesRepository,
  keyof PlannedDispatchesRepository
> {
  readonly agencyRows: PlannedAgency[] = [];
  readonly created: NewDispatch[] = [];
  readonly statuses = new Map<string, string[]>();
  private counter = 0;

  agencies(_tx: Tx, ids: readonly string[]) {
    return Promise.resolve(this.agencyRows.filter((a) => ids.includes(a.id)));
  }
  nextReference() {
    this.counter += 1;
    return Promise.resolve(`DSP-2026-${String(this.counter).padStart(6, '0')}`);
  }
  create(_tx: Tx, dispatch: NewDispatch) {
    this.created.push(dispatch);
    return Promise.resolve();
  }
  evidence(_tx: Tx, _referralIds: readonly string[], staffIds: readonly string[]) {
    return Promise.resolve({
      documents: [],
      answers: [],
      staffNames: new Map(staffIds.map((id) => [id, `Staff ${id}`])),
    });
  }
  statusesOfRound(_tx: Tx, _scope: unknown, caseId: string, round: number) {
    return Promise.resolve(this.statuses.get(`${caseId}#${round}`) ?? []);
  }
}

/** The case as the views answer it: enough for a spec to see what was committed. */
class StoreViews implements Pick<CaseViews, keyof CaseViews> {
  constructor(private readonly store: InMemoryCaseStore) {}
  detail(_tx: Tx, caseId: string) {
    return Promise.resolve({ ...this.store.cases.get(caseId) } as unknown as CaseDetailView);
  }
  infoRequests(_tx: Tx, _scope: RecordScope, where: { id?: string; referralId?: string }) {
    return Promise.resolve(
      [...this.store.infoRequests.values()]
        .filter(
          (i) =>
            (!where.id || i.id === where.id) &&
            (!where.referralId || i.referralId === where.referralId),
        )
        .map((i) => ({ id: i.id, status: i.status }) as unknown as InfoRequestView),
    );
  }
  caseInfoRequests(tx: Tx, scope: RecordScope, where: { id?: string; referralId?: string }) {
    return this.infoRequests(tx, scope, where) as Promise<unknown[]> as Promise<
      CaseInfoRequestView[]
    >;
  }
  routingPlan(_tx: Tx, _caseId: string, agencyIds: string[]) {
    return Promise.resolve(agencyIds.map((agencyId) => ({ agencyId, basis: [] })) as never);
  }
  routingSuggestion() {
    return Promise.resolve({} as never);
  }
}

const none = { loadForAccess: () => Promise.resolve(null) };

/** Every step of the case workflow on one in-memory store. */
export function caseKit() {
  const store = new InMemoryCaseStore();
  const uow = new InMemoryUnitOfWork();
  const audit = new RecordingAudit();
  const outbox = new RecordingOutbox();
  const clocks = new RecordingClocks();
  const dispatchRows = new FakeDispatches();
  const cases = new InMemoryCasesRepository(store);
  const caseReferrals = new InMemoryCaseReferralsRepository(store);
  const notes = new InMemoryCaseNotesRepository(store);
  const suggestions = new InMemoryMatchSuggestionsRepository(store);
  const requests = new InMemoryInfoRequestsRepository(store);
  const referrals = new TableReferrals(store);
  const views = new StoreViews(store);
  const config = { get: () => '' } as unknown as AppConfig;
  const agencyRows = new InMemoryAgenciesRepository();

  const a = <T>(x: unknown) => x as T;
  const access = new AccessService(
    a(none),
    a(none),
    a(referrals),
    a(cases),
    a(none),
    a(none),
    a(none),
  );
  const transitions = new CaseTransitions(a(uow), access, a(cases), a(views), a(audit));
  const merging = new CaseMerging(
    access,
    a(cases),
    a(caseReferrals),
    a(notes),
    a(suggestions),
    transitions,
  );
  const checkpointRequests: string[] = [];
  const checkpoints = {
    request: (_tx: Tx, by: string) => {
      checkpointRequests.push(by);
      return Promise.resolve({
        id: `request-${checkpointRequests.length}`,
        requestedAt: new Date(),
      });
    },
  };
  const notifier = new Notifier(a(outbox));
  const creation = new DispatchCreation(
    a(dispatchRows),
    a(checkpoints),
    a(outbox),
    a(audit),
    notifier,
  );
  const steps = {
    assign: new AssignCase(transitions, a(cases), a(clocks), notifier),
    note: new AddCaseNote(a<UnitOfWork>(uow), access, a(notes), a(audit)),
    requestInfo: new RequestInfo(
      a(uow),
      access,
      a(caseReferrals),
      a(referrals),
      a(requests),
      a(views),
      a(audit),
      a(clocks),
      notifier,
      config,
    ),
    link: new LinkReferral(
      a(uow),
      access,
      a(cases),
      a(caseReferrals),
      a(suggestions),
      merging,
      transitions,
      a(views),
    ),
    dismiss: new DismissSuggestion(a(uow), access, a(suggestions), transitions),
    merge: new MergeCase(access, a(cases), a(caseReferrals), merging, transitions, a(views)),
    propose: new ProposeRouting(
      access,
      a(cases),
      a(caseReferrals),
      transitions,
      a(views),
      a(agencyRows),
      notifier,
    ),
    approve: new ApproveRouting(
      access,
      a(cases),
      a(caseReferrals),
      a(referrals),
      a(requests),
      creation,
      transitions,
      a(views),
      a(audit),
      a(clocks),
      a(agencyRows),
    ),
    sendBack: new SendBack(a(cases), transitions),
    reject: new RejectCase(access, a(cases), a(referrals), a(requests), a(clocks), transitions),
    reopen: new ReopenCase(a(cases), a(referrals), transitions),
    close: new CloseCase(access, a(cases), a(dispatchRows), transitions),
  };

  let sequence = 0;
  const id = (prefix: string) =>
    `00000000-0000-4000-8000-${prefix}${String(++sequence).padStart(12 - prefix.length, '0')}`;

  function addCase(fields: Partial<CaseEntity> = {}): CaseEntity {
    const c = {
      id: id('ca5e'),
      reference: `CASE-2026-${String(sequence).padStart(6, '0')}`,
      status: 'triage',
      priority: 'P3',
      assigneeId: null,
      mergedIntoId: null,
      tlp: null,
      routingPlan: null,
      proposedBy: null,
      proposedAt: null,
      approvedBy: null,
      approvedAt: null,
      routingRound: 0,
      statusReason: null,
      outcome: null,
      closedAt: null,
      createdAt: new Date(0),
      updatedAt: new Date(0),
      version: 1,
      ...fields,
    };
    store.cases.set(c.id, c);
    return c;
  }

  function addReferral(caseId: string | null, fields: Partial<ReferralEntity> = {}) {
    const r = {
      id: id('fe'),
      reference: `FCR-2026-${String(sequence).padStart(6, '0')}`,
      organizationId: MEMBER_ORG,
      createdBy: '00000000-0000-4000-8000-0000000000f1',
      status: 'in_review',
      category: 'fraud',
      indicators: [],
      priority: 'P3',
      tlp: 'amber',
      observedFrom: null,
      observedTo: null,
      totalAmount: null,
      totalCurrency: null,
      narrative: 'n',
      merchant: null,
      observables: [],
      transactions: [],
      caseId,
      submittedAt: new Date(0),
      ...fields,
    } as unknown as ReferralEntity;
    store.referrals.set(r.id, r);
    return r;
  }

  function addUser(user: AuthUser, fields: Partial<UserEntity> = {}) {
    store.coalitionOrganizations.add(COALITION);
    store.users.set(user.id, {
      id: user.id,
      organizationId: user.organizationId,
      role: user.role,
      status: 'active',
      displayName: user.id.slice(-4),
      ...fields,
    } as UserEntity);
  }

  function addAgency(active = true): PlannedAgency {
    const agency = {
      id: id('a9e'),
      name: `Agency ${sequence}`,
      organizationId: id('0e'),
      channels: ['portal'],
      active,
    };
    dispatchRows.agencyRows.push(agency);
    return agency;
  }

  /** An active liaison of `agency`, whom a RED or AMBER+STRICT routing may name. */
  function addLiaison(agency: PlannedAgency): string {
    const liaisonId = id('11a');
    agencyRows.liaisons.push({
      id: liaisonId,
      agencyId: agency.id,
      displayName: `Liaison ${sequence}`,
      email: `liaison-${sequence}@agency.example`,
    });
    return liaisonId;
  }

  return {
    store,
    uow,
    access,
    requests,
    referrals,
    views,
    audit,
    outbox,
    notifier,
    clocks,
    dispatches: dispatchRows,
    checkpointRequests,
    steps,
    addCase,
    addReferral,
    addUser,
    addAgency,
    addLiaison,
    agencies: agencyRows,
    statusOf: (caseId: string) => store.cases.get(caseId)!.status,
    referralStatus: (referralId: string) => store.referrals.get(referralId)!.status,
  };
}
