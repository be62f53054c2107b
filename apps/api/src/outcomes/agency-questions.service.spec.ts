import type { AuditRecord } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ConflictProblem, RecordNotFound, ValidationProblem } from '@app/common';
import type { RecordScope, Role } from '@app/domain';
import {
  InMemoryDispatchesRepository,
  InMemoryDispatchStore,
  InMemoryReferralsRepository,
  InMemoryUnitOfWork,
  type AgencyQuestionFilter,
  type AgencyQuestionRecord,
  type NewAgencyQuestion,
  type ReferralEntity,
  type Tx,
  type UnitOfWork,
} from '@app/persistence';
import { AgencyQuestionsService } from './agency-questions.service';

const META = { requestId: 'req-1', ip: null, userAgent: null, clientRequestId: null };
const BANK = '00000000-0000-4000-8000-0000000000b1';
const BANK_NAME = 'First Example Bank plc';

function user(id: string, role: Role, organizationId: string): AuthUser {
  return {
    id,
    role,
    organizationId,
    organizationKind: role === 'le_liaison' ? 'law_enforcement' : 'member',
    email: `${id}@example.org`,
    sessionId: `s-${id}`,
  };
}
const liaison = user('liaison-1', 'le_liaison', 'org-police');
const otherLiaison = user('liaison-2', 'le_liaison', 'org-other-police');
const reporter = user('reporter-1', 'member_reporter', BANK);
const stranger = user('reporter-9', 'member_reporter', 'org-other-bank');

/** The repository's contract over an array: enough to exercise the service's decisions. */
class FakeQuestions {
  readonly rows: AgencyQuestionRecord[] = [];
  referrals: { id: string; reference: string; status: string; caseId: string }[] = [];
  named = false;

  referralOfCase(_tx: Tx, caseId: string, reference: string) {
    return Promise.resolve(
      this.referrals.find((r) => r.caseId === caseId && r.reference === reference) ?? null,
    );
  }
  ask(_tx: Tx, q: NewAgencyQuestion) {
    const referral = this.referrals.find((r) => r.id === q.referralId);
    this.rows.push({
      ...q,
      dispatchReference: `DSP-${q.dispatchId}`,
      agencyId: 'agency-1',
      agency: 'City Police',
      referralReference: referral?.reference ?? '',
      organizationId: BANK,
      organizationName: BANK_NAME,
      namedInDispatches: this.named,
      askedAt: new Date(Date.UTC(2026, 0, 5)),
      askedKey: '2026-01-05T00:00:00.000000Z',
      status: 'open',
      answer: null,
      answeredBy: null,
      answeredAt: null,
    });
    return Promise.resolve();
  }
  lockOfReferral(_tx: Tx, referralId: string, questionId: string) {
    const row = this.rows.find((r) => r.id === questionId && r.referralId === referralId);
    return Promise.resolve(
      row ? { id: row.id, status: row.status, dispatchId: row.dispatchId } : null,
    );
  }
  answer(_tx: Tx, id: string, a: { body: string; answeredBy: string; answeredAt: Date }) {
    const row = this.rows.find((r) => r.id === id);
    if (row) Object.assign(row, { status: 'answered', answer: a.body, ...a });
    if (row) row.answeredBy = a.answeredBy;
    return Promise.resolve();
  }
  find(
    _tx: Tx,
    _reach: { dispatches: RecordScope; referrals: RecordScope },
    f: AgencyQuestionFilter,
  ) {
    return Promise.resolve(
      this.rows.filter(
        (r) =>
          (!f.id || r.id === f.id) &&
          (!f.dispatchId || r.dispatchId === f.dispatchId) &&
          (!f.referralId || r.referralId === f.referralId),
      ),
    );
  }
}

function setUp(dispatchStatus = 'accepted') {
  const store = new InMemoryDispatchStore();
  store.addAgency('agency-1', 'org-police', { name: 'City Police' });
  store.addDispatch('d1', 'agency-1', {
    status: dispatchStatus,
    package: { referrals: [{ reference: 'FCR-2026-000001', filer: 'coalition member' }] },
  });
  const referrals = new InMemoryReferralsRepository();
  referrals.seed({
    id: 'r1',
    reference: 'FCR-2026-000001',
    organizationId: BANK,
    createdBy: reporter.id,
    status: 'accepted',
    caseId: 'case-1',
  } as ReferralEntity);
  const none = {} as never;
  const access = new AccessService(
    none,
    none,
    referrals,
    none,
    new InMemoryDispatchesRepository(store),
    none,
    none,
  );
  const questions = new FakeQuestions();
  questions.referrals = [
    { id: 'r1', reference: 'FCR-2026-000001', status: 'accepted', caseId: 'case-1' },
    { id: 'r2', reference: 'FCR-2026-000002', status: 'accepted', caseId: 'case-1' },
  ];
  const audited: AuditRecord[] = [];
  const audit = {
    record: (_tx: Tx, r: AuditRecord) => {
      audited.push(r);
      return Promise.resolve();
    },
  };
  const service = new AgencyQuestionsService(
    new InMemoryUnitOfWork() as unknown as UnitOfWork,
    access,
    questions,
    audit,
  );
  return { service, questions, audited, referrals };
}

const ask = { referralReference: 'FCR-2026-000001', body: 'When did you first see it?' };

describe('AgencyQuestionsService', () => {
  describe('asking', () => {
    it('should record the question and audit it, showing the liaison no organization', async () => {
      const { service, questions, audited } = setUp();
      const view = await service.ask(liaison, 'd1', ask, META);
      expect(view).toMatchObject({ dispatchId: 'd1', status: 'open', answeredBy: null });
      expect(questions.rows).toHaveLength(1);
      expect(audited.map((a) => a.action)).toEqual(['agency_question.ask']);
      expect(JSON.stringify(view)).not.toContain(BANK);
      expect(JSON.stringify(view)).not.toContain(BANK_NAME);
    });

    it("should refuse a reference the dispatch's package does not list (400 naming it), even one on the case", async () => {
      const { service, questions } = setUp();
      const refused = service.ask(
        liaison,
        'd1',
        { ...ask, referralReference: 'FCR-2026-000002' },
        META,
      );
      await expect(refused).rejects.toBeInstanceOf(ValidationProblem);
      await expect(refused).rejects.toMatchObject({
        fieldErrors: [expect.objectContaining({ field: 'referralReference' })],
      });
      expect(questions.rows).toHaveLength(0);
    });

    it('should refuse before the package reached the agency (409) and for a withdrawn referral', async () => {
      await expect(setUp('pending').service.ask(liaison, 'd1', ask, META)).rejects.toBeInstanceOf(
        ConflictProblem,
      );
      const { service, questions } = setUp();
      questions.referrals[0].status = 'withdrawn';
      await expect(service.ask(liaison, 'd1', ask, META)).rejects.toMatchObject({
        code: 'agency_question_referral_withdrawn',
      });
    });

    it("should answer another agency's liaison as if the dispatch did not exist", async () => {
      const { service, questions } = setUp();
      await expect(service.ask(otherLiaison, 'd1', ask, META)).rejects.toBeInstanceOf(
        RecordNotFound,
      );
      expect(questions.rows).toHaveLength(0);
    });
  });

  describe('answering', () => {
    it('should pass the answer back as "coalition member" unless the member opted in to be named', async () => {
      const { service, audited, questions } = setUp();
      const asked = await service.ask(liaison, 'd1', ask, META);
      await service.answer(reporter, 'r1', asked.id, { answer: 'In October.' }, META);
      expect(audited.map((a) => a.action)).toContain('agency_question.answer');
      const [seen] = await service.listForDispatch(liaison, 'd1', META);
      expect(seen).toMatchObject({ answer: 'In October.', answeredBy: 'coalition member' });
      expect(JSON.stringify(seen)).not.toContain(reporter.id);

      questions.rows[0].namedInDispatches = true;
      const [named] = await service.listForDispatch(liaison, 'd1', META);
      expect(named.answeredBy).toBe(BANK_NAME);
    });

    it('should refuse a second answer (409) and a question of another referral or member (404)', async () => {
      const { service } = setUp();
      const asked = await service.ask(liaison, 'd1', ask, META);
      await service.answer(reporter, 'r1', asked.id, { answer: 'Once.' }, META);
      await expect(
        service.answer(reporter, 'r1', asked.id, { answer: 'Twice.' }, META),
      ).rejects.toMatchObject({ code: 'agency_question_already_answered' });
      await expect(
        service.answer(reporter, 'r1', 'no-such-question', { answer: 'x' }, META),
      ).rejects.toBeInstanceOf(RecordNotFound);
      await expect(
        service.answer(stranger, 'r1', asked.id, { answer: 'x' }, META),
      ).rejects.toBeInstanceOf(RecordNotFound);
    });
  });

  it('should audit every read', async () => {
    const { service, audited } = setUp();
    await service.ask(liaison, 'd1', ask, META);
    await service.listForDispatch(liaison, 'd1', META);
    await service.listForReferral(reporter, 'r1', META);
    expect(audited.filter((a) => a.action === 'agency_question.read')).toHaveLength(2);
  });
});
