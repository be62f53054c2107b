import type { AuditRecord, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { RecordNotFound, ValidationProblem, type RequestMeta } from '@app/common';
import type { Role } from '@app/domain';
import {
  InMemoryCaseReadsRepository,
  InMemoryUnitOfWork,
  type CaseEntity,
  type CaseSummaryRow,
  type CasesRepository,
  type UnitOfWork,
} from '@app/persistence';
import type { RoutingService } from '../routing/routing.service';
import { CaseQueries } from './case-queries';

const CASE = '00000000-0000-4000-8000-00000000000c';
const REFERRAL = '00000000-0000-4000-8000-0000000000a1';
const OTHER_REFERRAL = '00000000-0000-4000-8000-0000000000b2';
const DISPATCH = '00000000-0000-4000-8000-0000000000d1';
const AGENCY = '00000000-0000-4000-8000-0000000000e1';
const LEAD = '00000000-0000-4000-8000-0000000000f1';
const meta: RequestMeta = { requestId: 'r1', ip: null, userAgent: null, clientRequestId: null };
const T = new Date('2026-03-01T10:00:00.000Z');

function caller(role: Role, organizationId = 'coalition-org', id = 'caller'): AuthUser {
  const kind = role.startsWith('member') ? 'member' : 'coalition';
  return {
    id,
    organizationId,
    organizationKind: kind,
    role,
    email: 'x@test.example',
    sessionId: 's',
  };
}

function summaryRow(over: Partial<CaseSummaryRow> = {}): CaseSummaryRow {
  return {
    id: CASE,
    reference: 'CASE-2026-000001',
    status: 'triage',
    priority: 'P2',
    assignee_id: null,
    assignee_name: null,
    tlp: null,
    created_key: '2026-03-01T10:00:00.000000Z',
    created_at: T,
    updated_at: T,
    overdue: false,
    sla_due_at: null,
    referral_count: 2,
    filing_members: 2,
    merchant_names: ['Shop Ltd'],
    ...over,
  };
}

function caseRecord(over: Partial<CaseEntity> = {}): CaseEntity {
  return {
    id: CASE,
    status: 'triage',
    routingPlan: null,
    proposedBy: null,
    proposedAt: null,
    approvedBy: null,
    approvedAt: null,
    statusReason: null,
    outcome: null,
    mergedIntoId: null,
    closedAt: null,
    ...over,
  } as CaseEntity;
}

function setup() {
  const reads = new InMemoryCaseReadsRepository();
  const uow = new InMemoryUnitOfWork();
  const audits: AuditRecord[] = [];
  const auditedOn: unknown[] = [];
  const audit = {
    record: (tx: unknown, record: AuditRecord) => {
      audits.push(record);
      auditedOn.push(tx);
      return Promise.resolve();
    },
  } as unknown as AuditWriter;
  const cases = {
    loadForAccess: (_tx: unknown, id: string) => {
      const record = reads.cases.get(id);
      return Promise.resolve(record ? { record, organizationId: null } : null);
    },
  } as unknown as CasesRepository;
  const none = {} as never;
  const access = new AccessService(none, none, none, cases, none, none, none);
  const suggested: string[] = [];
  const routing = {
    suggest: (_m: unknown, caseId: string) => {
      suggested.push(caseId);
      return Promise.resolve({ candidates: [] });
    },
  } as unknown as RoutingService;
  const queries = new CaseQueries(uow as unknown as UnitOfWork, access, audit, reads, routing);
  return { reads, uow, audits, auditedOn, queries, suggested };
}

/** A case in review with two referrals from two members, one match, one dispatch. */
function seedCase(s: ReturnType<typeof setup>, over: Partial<CaseEntity> = {}) {
  s.reads.cases.set(CASE, caseRecord(over));
  s.reads.summaries.set(CASE, summaryRow());
  const referral = (id: string, reference: string, org: string) => ({
    id,
    reference,
    status: 'in_review',
    organization_id: org,
    legal_name: `Member ${org}`,
    category: 'fraud',
    priority: 'P2',
    tlp: 'amber',
    merchant: {
      legalName: 'Shop Ltd',
      country: 'GB',
      websites: ['https://shop.example'],
      merchantId: 'MID-0042',
      email: 'owner@shop.example',
      wallets: ['bc1qexample'],
    },
    submitted_at: T,
  });
  s.reads.referralRows.set(CASE, [
    referral(REFERRAL, 'FCR-1', 'org-a'),
    referral(OTHER_REFERRAL, 'FCR-2', 'org-b'),
  ]);
  s.reads.memberActionRows.set(CASE, [
    {
      id: 'ma1',
      referral_id: OTHER_REFERRAL,
      reference: 'FCR-2',
      action: 'terminated',
      done_on: '2026-03-02',
      note: null,
      recorded_by: 'u-b',
      display_name: 'Bea',
      api_key_id: null,
      api_key_name: null,
      created_at: T,
    },
  ]);
  s.reads.matchRows.set(CASE, [
    { kind: 'domain', value: 'shop.example', referral_ids: [REFERRAL, OTHER_REFERRAL] },
  ]);
  s.reads.dispatchRows.set(CASE, [
    {
      id: DISPATCH,
      reference: 'DSP-1',
      agency_id: AGENCY,
      agency_name: 'Agency',
      status: 'delivered',
      tlp: 'amber',
      routing_round: 1,
      delivery_attempts: 1,
      last_error: null,
      le_case_number: null,
      outcome: null,
      created_at: T,
      delivered_at: T,
      acknowledged_at: null,
      accepted_at: null,
      declined_at: null,
      decline_reason: null,
      failed_at: null,
    },
  ]);
  const event = (action: string, target: string) => ({
    occurred_at: T,
    action,
    outcome: 'success',
    actor_user_id: null,
    actor_role: null,
    display_name: null,
    target_type: 'x',
    target_id: target,
    details: {},
  });
  s.reads.events.push(
    event('case.assign', CASE),
    event('dispatch.deliver', DISPATCH),
    event('referral.submit', REFERRAL),
    event('referral.submit', 'unrelated-referral'),
  );
}

describe('CaseQueries', () => {
  describe('read (GET /cases/:id)', () => {
    it('gives a coordinator the whole case and audits the read once, in an autocommit write', async () => {
      const s = setup();
      seedCase(s);
      const view = await s.queries.read(caller('coordinator'), CASE, meta);
      expect(view.reference).toBe('CASE-2026-000001');
      expect(view.referrals.map((r) => r.filer.legalName)).toEqual([
        'Member org-a',
        'Member org-b',
      ]);
      expect(view.referrals[1].memberActions.map((a) => a.id)).toEqual(['ma1']);
      expect(view.referrals[0].memberActions).toEqual([]);
      expect(view.matches).toEqual([
        {
          kind: 'domain',
          value: 'shop.example',
          why: 'same registrable domain in a website or URL',
          referrals: [
            { id: REFERRAL, reference: 'FCR-1' },
            { id: OTHER_REFERRAL, reference: 'FCR-2' },
          ],
        },
      ]);
      expect(view.timeline.map((e) => e.targetId)).toEqual([CASE, DISPATCH, REFERRAL]);
      expect(s.audits).toEqual([
        {
          actor: { userId: 'caller', organizationId: 'coalition-org', role: 'coordinator' },
          origin: meta,
          action: 'case.read',
          outcome: 'success',
          targetType: 'case',
          targetId: CASE,
        },
      ]);
      // Its own autocommit INSERT commits the event: no transaction is opened for a read.
      expect(s.auditedOn).toEqual([s.uow.autocommit]);
      expect(s.uow.commits).toBe(0);
    });

    it('answers 404 for a missing case and audits no read', async () => {
      const s = setup();
      await expect(s.queries.read(caller('coordinator'), CASE, meta)).rejects.toBeInstanceOf(
        RecordNotFound,
      );
      expect(s.audits).toEqual([]);
      expect(s.uow.commits).toBe(0);
    });

    it('audits no read when the case cannot be read after its access check', async () => {
      const s = setup();
      seedCase(s);
      // Gone between the access check and the read (deleted, or merged away).
      s.reads.summaries.delete(CASE);
      await expect(s.queries.read(caller('coordinator'), CASE, meta)).rejects.toBeInstanceOf(
        RecordNotFound,
      );
      expect(s.audits).toEqual([]);
    });

    it('answers 404 carrying the target to a caller cases are out of reach of', async () => {
      const s = setup();
      seedCase(s);
      const refusal = await s.queries
        .read(caller('member_admin', 'org-a'), CASE, meta)
        .catch((e: unknown) => e);
      expect(refusal).toBeInstanceOf(RecordNotFound);
      expect((refusal as RecordNotFound).deniedTarget).toEqual({ type: 'case', id: CASE });
      expect(s.audits).toEqual([]);
    });

    it('shows a merchant by name, country and websites only, never its identifiers', async () => {
      const s = setup();
      seedCase(s);
      const view = await s.queries.read(caller('lead_coordinator'), CASE, meta);
      expect(view.referrals[0].merchant).toEqual({
        legalName: 'Shop Ltd',
        country: 'GB',
        websites: ['https://shop.example'],
      });
      expect(JSON.stringify(view.referrals)).not.toMatch(/MID-0042|owner@shop|bc1q/);
    });
  });

  describe('sections by status', () => {
    it('has no routing plan nor people before the first proposal', async () => {
      const s = setup();
      seedCase(s);
      const view = await s.queries.detail(CASE, s.uow.tx);
      expect(view.routing).toEqual({
        plan: null,
        proposedBy: null,
        proposedAt: null,
        approvedBy: null,
        approvedAt: null,
      });
    });

    it('names the agencies and coordinators of a proposed plan', async () => {
      const s = setup();
      seedCase(s, {
        status: 'pending_approval',
        routingPlan: {
          agencies: [
            { agencyId: AGENCY, basis: [] },
            { agencyId: 'gone-agency', basis: [] },
          ],
          tlp: 'amber',
          rationale: 'jurisdiction',
        },
        proposedBy: LEAD,
        proposedAt: T,
      });
      s.reads.agencyDisplayNames.set(AGENCY, 'Agency');
      s.reads.userDisplayNames.set(LEAD, 'Lee');
      const { routing } = await s.queries.detail(CASE, s.uow.tx);
      expect(routing.plan?.agencies.map((a) => a.agencyName)).toEqual(['Agency', '']);
      expect(routing.proposedBy).toEqual({ id: LEAD, displayName: 'Lee' });
      expect(routing.proposedAt).toBe(T.toISOString());
      expect(routing.approvedBy).toBeNull();
    });

    it('shows why a case closed or where it was merged', async () => {
      const s = setup();
      seedCase(s, { status: 'merged', mergedIntoId: 'other-case', closedAt: T, outcome: 'merged' });
      const view = await s.queries.detail(CASE, s.uow.tx);
      expect(view).toMatchObject({
        mergedIntoId: 'other-case',
        closedAt: T.toISOString(),
        outcome: 'merged',
      });
    });

    it('answers 404 when a command asks for a case that is gone', async () => {
      const s = setup();
      await expect(s.queries.detail(CASE, s.uow.tx)).rejects.toBeInstanceOf(RecordNotFound);
    });
  });

  describe('inbox', () => {
    function seedInbox(s: ReturnType<typeof setup>) {
      const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
      s.reads.summaries.set(
        ids[0],
        summaryRow({ id: ids[0], reference: 'CASE-A', priority: 'P3' }),
      );
      s.reads.summaries.set(
        ids[1],
        summaryRow({ id: ids[1], reference: 'CASE-B', priority: 'P1' }),
      );
    }

    it('pages the most urgent first and continues after the cursor', async () => {
      const s = setup();
      seedInbox(s);
      const first = await s.queries.inbox(caller('coordinator'), { limit: 1 });
      expect(first.items.map((c) => c.reference)).toEqual(['CASE-B']);
      expect(first.nextCursor).not.toBeNull();
      const second = await s.queries.inbox(caller('coordinator'), {
        limit: 1,
        cursor: first.nextCursor!,
      });
      expect(second.items.map((c) => c.reference)).toEqual(['CASE-A']);
      expect(second.nextCursor).toBeNull();
    });

    it('reads the page where a replica may serve it, never on the autocommit primary', async () => {
      const s = setup();
      seedInbox(s);
      const inbox = jest.spyOn(s.reads, 'inbox');
      await s.queries.inbox(caller('coordinator'), {});
      expect(inbox.mock.calls.map((c) => c[0])).toEqual([s.uow.replicaTx]);
    });

    it('lists nothing to a caller cases are out of reach of', async () => {
      const s = setup();
      seedInbox(s);
      const page = await s.queries.inbox(caller('member_admin', 'org-a'), {});
      expect(page.items).toEqual([]);
    });

    it('refuses a cursor this API did not issue with a 400 on cursor', async () => {
      const s = setup();
      // Well-formed, but no priority this API sorts by.
      const forged = Buffer.from(
        JSON.stringify(['P9|2026-03-01T10:00:00.000000Z', CASE]),
        'utf8',
      ).toString('base64url');
      await expect(
        s.queries.inbox(caller('coordinator'), { cursor: forged }),
      ).rejects.toBeInstanceOf(ValidationProblem);
    });
  });

  describe('assignees', () => {
    it('lists coordinators by name with their role, to a caller who may assign', async () => {
      const s = setup();
      s.reads.users.push(
        { id: 'u2', display_name: 'zoe', role: 'coordinator' },
        { id: 'u1', display_name: 'Adam', role: 'lead_coordinator' },
        { id: 'u3', display_name: 'Liz', role: 'le_liaison' },
      );
      const list = await s.queries.assignees(caller('coordinator'));
      expect(list.items).toEqual([
        { id: 'u1', displayName: 'Adam', role: 'lead_coordinator' },
        { id: 'u2', displayName: 'zoe', role: 'coordinator' },
      ]);
      expect((await s.queries.assignees(caller('member_admin', 'org-a'))).items).toEqual([]);
    });
  });

  describe('routingSuggestion', () => {
    it('asks the engine only about a case the caller reaches', async () => {
      const s = setup();
      seedCase(s);
      await s.queries.routingSuggestion(caller('coordinator'), CASE);
      await expect(
        s.queries.routingSuggestion(caller('member_admin', 'org-a'), CASE),
      ).rejects.toBeInstanceOf(RecordNotFound);
      await expect(
        s.queries.routingSuggestion(caller('coordinator'), OTHER_REFERRAL),
      ).rejects.toBeInstanceOf(RecordNotFound);
      expect(s.suggested).toEqual([CASE]);
    });
  });
});
