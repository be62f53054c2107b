import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import type { UserEntity } from '@app/persistence';
import type { NotificationEvent } from '@app/queues';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { NotificationsProcessor } from '../../apps/worker/src/processors/notifications.processor';
import {
  createCase,
  createFiler,
  createRoutedCase,
  type FilerFixture,
} from '../support/case-fixtures';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import {
  createUser,
  login,
  orgEmailDomain,
  signedInUser,
  type Session,
} from '../support/factories';
import { mailsTo } from '../support/smtp-sink';
import { startTestApi, type TestApi } from '../support/test-app';
import { mailArrives, toldOf } from './notification-support';

const V1 = '/api/v1';

/**
 * The pipeline's promises: the API's list and choices, preferences honoured
 * (off, digest), mandatory kinds kept on, a refused mail sent exactly once
 * after the retry, a replayed job sending nothing twice, and the scheduled
 * reminders (hold expiring, acknowledge-by deadline).
 */
describe('Notification delivery (e2e)', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let coordinator: Session;
  let filer: FilerFixture;
  let filerSession: Session;

  beforeAll(async () => {
    const prefix = `${process.env.TEST_QUEUE_PREFIX}-notify-delivery`;
    api = await startTestApi({ QUEUE_PREFIX: prefix });
    worker = await createWorkerApp(testEnvironment({ QUEUE_PREFIX: prefix }), {
      shutdownHooks: false,
    });
    coordinator = (await signedInUser(api.dataSource, api.http, 'coordinator')).session;
    filer = await createFiler(api.dataSource);
    filerSession = await login(api.http, filer.user.email);
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  const get = (s: Session, path: string) => api.http.get(`${V1}${path}`).set(s.auth);
  const post = (s: Session, path: string, body: object = {}) =>
    api.http.post(`${V1}${path}`).set(s.auth).send(body);
  const put = (s: Session, path: string, body: object) =>
    api.http.put(`${V1}${path}`).set(s.auth).send(body);

  /** A coordinator's question on a new case of the filer's; the referral's reference and the request's id. */
  const ask = async (
    f: FilerFixture = filer,
  ): Promise<{ reference: string; requestId: string }> => {
    const c = await createCase(api.dataSource, [f], {
      status: 'in_review',
      referralStatus: 'in_review',
    });
    const res = await post(coordinator, `/cases/${c.caseRow.id}/info-requests`, {
      referralId: c.referrals[0].id,
      question: 'Which acquirer settled the payments?',
    });
    expect(res.status).toBe(201);
    return { reference: c.referrals[0].reference, requestId: res.body.id as string };
  };

  const notified = (user: Pick<UserEntity, 'id'>, reference: string) =>
    eventually(`a notification of ${reference}`, async () => {
      const [row] = await api.dataSource.query<{ id: string; mode: string }[]>(
        `SELECT id, mode FROM notifications WHERE user_id = $1 AND reference = $2`,
        [user.id, reference],
      );
      return row;
    });

  describe('my notifications', () => {
    it('should list them newest first (unread filter, pages), count the unread and mark one or all read', async () => {
      const first = await ask();
      const second = await ask();
      await notified(filer.user, first.reference);
      await notified(filer.user, second.reference);
      const list = await get(filerSession, '/notifications?limit=1');
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({
          kind: 'info_request.created',
          reference: second.reference,
          path: expect.stringMatching(/^\/referrals\//),
          tlp: 'AMBER+STRICT',
          readAt: null,
        }),
      ]);
      const next = await get(filerSession, `/notifications?limit=1&cursor=${list.body.nextCursor}`);
      expect(next.body.items[0].reference).toBe(first.reference);
      expect((await get(filerSession, '/notifications/unread-count')).body).toEqual({ unread: 2 });

      // Another person's ids change nothing.
      const stranger = (await signedInUser(api.dataSource, api.http, 'member_admin')).session;
      const id = list.body.items[0].id as string;
      expect((await post(stranger, '/notifications/read', { ids: [id] })).body).toEqual({
        marked: 0,
        unread: 0,
      });
      expect((await post(filerSession, '/notifications/read', { ids: [id] })).body).toEqual({
        marked: 1,
        unread: 1,
      });
      const unread = await get(filerSession, '/notifications?unread=true');
      expect((unread.body.items as { reference: string }[]).map((n) => n.reference)).toEqual([
        first.reference,
      ]);
      expect((await post(filerSession, '/notifications/read-all')).body).toEqual({
        marked: 1,
        unread: 0,
      });
    });

    it('should refuse a bad request with problem+json naming the field', async () => {
      const res = await post(filerSession, '/notifications/read', { ids: ['nope'] });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    });
  });

  describe('preferences', () => {
    it('should start every kind immediate, and name the mandatory ones', async () => {
      const res = await get(filerSession, '/notifications/preferences');
      expect(res.status).toBe(200);
      const mandatory = (res.body.items as { kind: string; mandatory: boolean }[])
        .filter((p) => p.mandatory)
        .map((p) => p.kind);
      expect(mandatory).toEqual(['dispatch.created', 'dispatch.ack_due', 'sla.breached']);
      expect((res.body.items as { mode: string }[]).every((p) => p.mode === 'immediate')).toBe(
        true,
      );
    });

    it('should refuse to turn a mandatory kind off (problem+json naming it), changing nothing', async () => {
      const res = await put(filerSession, '/notifications/preferences', {
        preferences: [
          { kind: 'case.assigned', mode: 'digest' },
          { kind: 'sla.breached', mode: 'off' },
        ],
      });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.errors).toEqual([
        { field: 'preferences[1].mode', messages: [expect.stringContaining('mandatory')] },
      ]);
      const after = await get(filerSession, '/notifications/preferences');
      const items = after.body.items as { kind: string; mode: string }[];
      expect(items.find((p) => p.kind === 'case.assigned')?.mode).toBe('immediate');
    });

    it('should send no mail for a kind turned off, yet list the notification', async () => {
      const f = await createFiler(api.dataSource);
      const s = await login(api.http, f.user.email);
      const set = await put(s, '/notifications/preferences', {
        preferences: [{ kind: 'info_request.created', mode: 'off' }],
      });
      expect(set.status).toBe(200);
      expect(
        (set.body.items as { kind: string }[]).find((p) => p.kind === 'info_request.created'),
      ).toEqual({ kind: 'info_request.created', mode: 'off', mandatory: false });
      const { reference } = await ask(f);
      expect((await notified(f.user, reference)).mode).toBe('off');
      const deliveries = await api.dataSource.query(
        `SELECT 1 FROM mail_deliveries WHERE user_id = $1`,
        [f.user.id],
      );
      expect(deliveries).toEqual([]);
      expect((await get(s, '/notifications')).body.items).toHaveLength(1);
    });

    it('should keep digest notifications for one daily mail, sent once', async () => {
      const f = await createFiler(api.dataSource);
      const s = await login(api.http, f.user.email);
      await put(s, '/notifications/preferences', {
        preferences: [{ kind: 'info_request.created', mode: 'digest' }],
      });
      const one = await ask(f);
      const two = await ask(f);
      await notified(f.user, one.reference);
      await notified(f.user, two.reference);
      expect(await mailsTo(f.user.email)).toEqual([]);

      const processor = worker.get(NotificationsProcessor);
      await processor.digest();
      const digest = await mailArrives(f.user, 'Your daily digest');
      expect(digest.subject).toBe('Your daily digest: 2 notifications');
      expect(digest.text).toContain(one.reference);
      expect(digest.text).toContain(two.reference);
      await processor.digest();
      await new Promise((r) => setTimeout(r, 500));
      expect(await mailsTo(f.user.email)).toHaveLength(1);
    });
  });

  describe('delivery', () => {
    it('should send exactly one mail when the server refuses first and then accepts', async () => {
      const f = await createFiler(api.dataSource);
      const refusing = await createUser(api.dataSource, f.org, 'member_admin', {
        email: `refuse-once.${randomUUID().slice(0, 8)}@${orgEmailDomain(f.org)}`,
      });
      const { reference } = await ask(f);
      await mailArrives(refusing, reference);
      const [row] = await api.dataSource.query<{ attempts: number; sent_at: Date | null }[]>(
        `SELECT attempts, sent_at FROM mail_deliveries WHERE user_id = $1`,
        [refusing.id],
      );
      expect(row.attempts).toBe(2);
      expect(row.sent_at).not.toBeNull();
      await new Promise((r) => setTimeout(r, 500));
      expect(await mailsTo(refusing.email)).toHaveLength(1);
    });

    it('should tell nobody twice and send nothing twice when a job runs again', async () => {
      const f = await createFiler(api.dataSource);
      const { reference, requestId } = await ask(f);
      await mailArrives(f.user, reference);
      const [event] = await api.dataSource.query<{ payload: NotificationEvent }[]>(
        `SELECT payload FROM outbox
          WHERE queue = 'notifications' AND job_name = 'event' AND payload->>'subjectId' = $1`,
        [requestId],
      );
      const processor = worker.get(NotificationsProcessor);
      await expect(processor.event(event.payload)).resolves.toEqual({ notified: 0, mails: 0 });
      const [delivery] = await api.dataSource.query<{ id: string }[]>(
        `SELECT id FROM mail_deliveries WHERE user_id = $1`,
        [f.user.id],
      );
      await expect(processor.sendMail(delivery.id)).resolves.toEqual({ outcome: 'already_sent' });
      expect(await mailsTo(f.user.email)).toHaveLength(1);
      expect(await toldOf(api.dataSource, 'info_request.created', reference)).toEqual([f.user.id]);
    });
  });

  describe('scheduled reminders', () => {
    /** Make the scheduled event of the kind about the subject due now (its time has come). */
    const bringForward = (kind: string, subjectId: string) =>
      api.dataSource.query(
        `UPDATE outbox SET available_at = now()
          WHERE queue = 'notifications' AND payload->>'kind' = $1 AND payload->>'subjectId' = $2`,
        [kind, subjectId],
      );

    it('should warn the filing member’s officers before a hold expires, unless it changed since', async () => {
      const routed = await createRoutedCase(api.dataSource);
      const liaison = await login(api.http, routed.liaison.email);
      const placed = await post(liaison, `/dispatches/${routed.dispatch.id}/holds`, {
        scope: 'do_not_contact',
        reason: 'Covert enquiries are under way.',
        documentRef: 'MCU/2026/0007',
        expiresAt: new Date(Date.now() + 10 * 24 * 3600 * 1000).toISOString(),
      });
      expect(placed.status).toBe(201);
      const reference = routed.referrals[0].reference;
      await mailArrives(routed.filer.user, 'placed a hold');
      await bringForward('hold.expiring', placed.body.id as string);
      const mail = await mailArrives(routed.filer.user, 'expires soon');
      expect(mail.subject).toContain(reference);

      // Renewed: the new expiry has its own warning; the old one would tell nobody.
      const renewed = await post(liaison, `/holds/${placed.body.id}/renew`, {
        expiresAt: new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString(),
      });
      expect(renewed.status).toBe(200);
      await mailArrives(routed.filer.user, 'renewed a hold');
      const [scheduled] = await api.dataSource.query<{ payload: NotificationEvent }[]>(
        `SELECT payload FROM outbox WHERE payload->>'kind' = 'hold.expiring'
            AND payload->>'subjectId' = $1 ORDER BY created_at LIMIT 1`,
        [placed.body.id],
      );
      const stale = { ...scheduled.payload, outboxId: randomUUID() };
      await expect(worker.get(NotificationsProcessor).event(stale)).resolves.toEqual({
        notified: 0,
        mails: 0,
      });
    });

    it('should remind the liaisons of a dispatch near its acknowledge-by deadline, not once acknowledged', async () => {
      const routed = await createRoutedCase(api.dataSource);
      const event = (id: string) =>
        api.dataSource.query(
          `INSERT INTO outbox (id, queue, job_name, payload)
           VALUES ($1, 'notifications', 'event', $2::jsonb)`,
          [
            id,
            JSON.stringify({
              outboxId: id,
              organizationId: null,
              kind: 'dispatch.ack_due',
              subjectId: routed.dispatch.id,
              actorId: null,
              expectedExpiry: null,
            }),
          ],
        );
      await event(randomUUID());
      const mail = await mailArrives(routed.liaison, routed.dispatch.reference);
      expect(mail.subject).toContain('near its acknowledge-by deadline');

      const liaison = await login(api.http, routed.liaison.email);
      expect((await post(liaison, `/dispatches/${routed.dispatch.id}/acknowledge`)).status).toBe(
        200,
      );
      const replay = randomUUID();
      await event(replay);
      const processor = worker.get(NotificationsProcessor);
      await expect(
        processor.event({
          outboxId: replay,
          organizationId: null,
          kind: 'dispatch.ack_due',
          subjectId: routed.dispatch.id,
          actorId: null,
        }),
      ).resolves.toEqual({ notified: 0, mails: 0 });
    });
  });
});
