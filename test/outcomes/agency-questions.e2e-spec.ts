import { AuditEventEntity, OrganizationEntity } from '@app/persistence';
import {
  createAgency,
  createCase,
  createFiler,
  createLiaison,
  createRoutedCase,
} from '../support/case-fixtures';
import { login, signedInUser, type Session } from '../support/factories';
import { acceptedRoutedCase } from '../support/outcome-fixtures';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

/** The outcome loop back to the filing members: Agency questions brokered by the coalition. */
describe('Agency questions brokered by the coalition (e2e)', () => {
  let api: TestApi;
  let coordinator: Session;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-agency-questions` });
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
  });
  afterAll(async () => {
    await api.close();
  });

  const sessionOf = (user: { email: string }) => login(api.http, user.email);
  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`${V1}${path}`).set(s.auth).send(body);
  const auditCount = (action: string, targetId: string) =>
    api.dataSource.manager.countBy(AuditEventEntity, { action, targetId, outcome: 'success' });

  const accepted = (options: { namedFiler?: boolean } = {}) => acceptedRoutedCase(api, options);

  describe('brokered questions', () => {
    it('should carry a question to the filer and the answer back, never naming an un-named member to the liaison', async () => {
      const f = await accepted();
      const org = await api.dataSource.manager.findOneByOrFail(OrganizationEntity, {
        id: f.filer.org.id,
      });
      const asked = await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/questions`, {
        referralReference: f.referrals[0].reference,
        body: 'Did the merchant change its acquirer after October?',
      });
      expect(asked.status).toBe(201);
      expect(asked.body).toMatchObject({
        dispatchId: f.dispatch.id,
        referralReference: f.referrals[0].reference,
        status: 'open',
        answer: null,
        answeredBy: null,
      });
      const questionId = asked.body.id as string;
      expect(await auditCount('agency_question.ask', f.dispatch.id)).toBe(1);

      const inbox = await get(f.filerSession, `/referrals/${f.referrals[0].id}/questions`);
      expect(inbox.status).toBe(200);
      expect(inbox.body.items).toEqual([
        expect.objectContaining({
          id: questionId,
          referralId: f.referrals[0].id,
          agency: f.agency.agency.name,
          body: 'Did the merchant change its acquirer after October?',
          status: 'open',
        }),
      ]);
      expect(JSON.stringify(inbox.body)).not.toContain(f.dispatch.id);
      expect(await auditCount('agency_question.read', f.referrals[0].id)).toBe(1);

      const answered = await post(
        f.filerSession,
        `/referrals/${f.referrals[0].id}/questions/${questionId}/answer`,
        { answer: 'Yes, to a processor in another country in November.' },
      );
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ status: 'answered', answeredAt: expect.any(String) });
      expect(await auditCount('agency_question.answer', f.referrals[0].id)).toBe(1);

      const again = await post(
        f.filerSession,
        `/referrals/${f.referrals[0].id}/questions/${questionId}/answer`,
        { answer: 'Another answer.' },
      );
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('agency_question_already_answered');

      const seen = await get(f.liaisonSession, `/dispatches/${f.dispatch.id}/questions`);
      expect(seen.status).toBe(200);
      expect(seen.body.items).toEqual([
        expect.objectContaining({
          id: questionId,
          answer: 'Yes, to a processor in another country in November.',
          answeredBy: 'coalition member',
        }),
      ]);
      expect(await auditCount('agency_question.read', f.dispatch.id)).toBe(1);
      for (const body of [asked.body, seen.body]) {
        const text = JSON.stringify(body);
        expect(text).not.toContain(org.legalName);
        expect(text).not.toContain(org.id);
        expect(text).not.toContain(f.filer.user.id);
        expect(text).not.toContain(f.referrals[0].id);
      }
    });

    it('should name the member to the liaison only when it opted in to be named', async () => {
      const f = await accepted({ namedFiler: true });
      const asked = await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/questions`, {
        referralReference: f.referrals[0].reference,
        body: 'Which descriptor did the payments carry?',
      });
      await post(
        f.filerSession,
        `/referrals/${f.referrals[0].id}/questions/${asked.body.id as string}/answer`,
        { answer: 'DIGITAL GOODS LTD.' },
      );
      const seen = await get(f.liaisonSession, `/dispatches/${f.dispatch.id}/questions`);
      expect(seen.body.items[0].answeredBy).toBe(f.filer.org.legalName);
      expect(JSON.stringify(seen.body)).not.toContain(f.filer.org.id);
    });

    it('should hide the question from another member, and the dispatch from another agency (404)', async () => {
      const f = await accepted();
      const asked = await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/questions`, {
        referralReference: f.referrals[0].reference,
        body: 'When did you first see the merchant?',
      });
      const questionId = asked.body.id as string;
      const stranger = await createFiler(api.dataSource);
      const strangerSession = await sessionOf(stranger.user);
      // Another member: the referral, its questions and the answer route are all "not found".
      expect((await get(strangerSession, `/referrals/${f.referrals[0].id}/questions`)).status).toBe(
        404,
      );
      expect(
        (
          await post(
            strangerSession,
            `/referrals/${f.referrals[0].id}/questions/${questionId}/answer`,
            { answer: 'Not mine to answer.' },
          )
        ).status,
      ).toBe(404);
      // A member's own referral with somebody else's question id: 404 as well.
      const own = await createCase(api.dataSource, [stranger]);
      expect(
        (
          await post(
            strangerSession,
            `/referrals/${own.referrals[0].id}/questions/${questionId}/answer`,
            { answer: 'Not mine to answer.' },
          )
        ).status,
      ).toBe(404);
      // A liaison of another agency.
      const otherAgency = await createAgency(api.dataSource);
      const otherLiaison = await sessionOf(await createLiaison(api.dataSource, otherAgency));
      expect((await get(otherLiaison, `/dispatches/${f.dispatch.id}/questions`)).status).toBe(404);
      const probe = await post(otherLiaison, `/dispatches/${f.dispatch.id}/questions`, {
        referralReference: f.referrals[0].reference,
        body: 'Probe.',
      });
      expect(probe.status).toBe(404);
      // A liaison may not answer for the member.
      expect(
        (
          await post(
            f.liaisonSession,
            `/referrals/${f.referrals[0].id}/questions/${questionId}/answer`,
            { answer: 'x' },
          )
        ).status,
      ).toBe(403);
    });

    it('should refuse a referral the package does not list, and bad fields, naming each', async () => {
      const f = await accepted();
      const elsewhere = await createRoutedCase(api.dataSource);
      const notInPackage = await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/questions`, {
        referralReference: elsewhere.referrals[0].reference,
        body: 'Tell me about another case.',
      });
      expect(notInPackage.status).toBe(400);
      expect(notInPackage.body.errors).toEqual([
        expect.objectContaining({ field: 'referralReference' }),
      ]);
      const bad = await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/questions`, {
        referralReference: 'nope',
        body: '',
        extra: 1,
      });
      expect(bad.status).toBe(400);
      const fields = (bad.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['referralReference', 'body', 'extra']));
    });

    it('should refuse asking before the package reached the agency (409)', async () => {
      const f = await createRoutedCase(api.dataSource, { dispatchStatus: 'pending' });
      const res = await post(await sessionOf(f.liaison), `/dispatches/${f.dispatch.id}/questions`, {
        referralReference: f.referrals[0].reference,
        body: 'Anything?',
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('agency_question_not_allowed_from_pending');
    });

    it('should show coordinators every brokered question with both sides named', async () => {
      const f = await accepted();
      const asked = await post(f.liaisonSession, `/dispatches/${f.dispatch.id}/questions`, {
        referralReference: f.referrals[0].reference,
        body: 'Coordinator visibility check?',
      });
      const res = await get(coordinator, `/agency-questions?dispatchId=${f.dispatch.id}`);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          id: asked.body.id,
          organizationId: f.filer.org.id,
          organizationName: f.filer.org.legalName,
          agency: f.agency.agency.name,
          askedBy: f.liaison.id,
        }),
      ]);
      expect((await get(f.filerSession, '/agency-questions')).status).toBe(403);
      expect((await get(f.liaisonSession, '/agency-questions')).status).toBe(403);
      const page = await get(coordinator, '/agency-questions?limit=1');
      expect(page.status).toBe(200);
      if (page.body.nextCursor) {
        const next = await get(
          coordinator,
          `/agency-questions?limit=1&cursor=${page.body.nextCursor as string}`,
        );
        expect(next.status).toBe(200);
        expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
      }
    });
  });
});
