import { findCardNumbers } from '@app/domain';
import { UnitOfWork } from '@app/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import { seedDemo } from '../../apps/standalone/src/demo-seed';
import { seedDemoStory, type StorySummary } from '../../apps/standalone/src/demo-story';
import { testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { login, type Session } from '../support/factories';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

const PASSWORD = 'demo-story-password-for-tests';

interface CaseLine {
  id: string;
  reference: string;
  status: string;
  overdue: boolean;
  filingMembers: number;
  merchantNames: string[];
}
interface DispatchLine {
  id: string;
  caseId: string;
  status: string;
  tlp: string;
  namedLiaisonIds: string[] | null;
  merchantName: string | null;
}

/**
 * The demo's story (`npm start`, `npm run seed:demo`), told on a database of
 * its own through the real API with the worker running: every state a person
 * trying the demo should land on is there, four eyes can be completed, a
 * second run adds nothing, and nothing in it points outside the fictitious
 * domains and number ranges.
 */
describe('The demo story (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let worker: INestApplicationContext;
  let story: StorySummary;
  const sessions = new Map<string, Session>();

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const env = {
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-demo`,
    };
    api = await startTestApi(env);
    worker = await createWorkerApp(testEnvironment(env), { shutdownHooks: false });
    await seedDemo(new UnitOfWork(api.dataSource), PASSWORD);
    story = await seedDemoStory(api.app, PASSWORD);
    // The time it took, for the record (not asserted: the machine decides it).
    process.stdout.write(`demo story told in ${story.milliseconds} ms\n`);
  }, 180_000);

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await scratch?.drop();
  });

  const as = async (email: string): Promise<Session> => {
    const known = sessions.get(email);
    if (known) return known;
    const session = await login(api.http, email, PASSWORD);
    sessions.set(email, session);
    return session;
  };
  const get = async (email: string, path: string) =>
    api.http.get(`/api/v1${path}`).set((await as(email)).auth);
  const post = async (email: string, path: string, body: object = {}) =>
    api.http
      .post(`/api/v1${path}`)
      .set((await as(email)).auth)
      .send(body);
  const cases = async (): Promise<CaseLine[]> =>
    (await get('coordinator@coalition.example', '/cases?limit=100')).body.items as CaseLine[];
  const caseAbout = async (merchant: string): Promise<CaseLine> => {
    const found = (await cases()).find((c) => c.merchantNames.includes(merchant));
    if (!found) throw new Error(`no case about ${merchant}`);
    return found;
  };

  it('should leave a case in every state, two of them filed by two members', async () => {
    expect(story).toMatchObject({ seeded: true, referrals: 10, members: 4, cases: 8 });
    const lines = await cases();
    expect(lines.map((c) => c.status).sort()).toEqual([
      'closed',
      'in_review',
      'in_review',
      'pending_approval',
      'routed',
      'routed',
      'triage',
      'triage',
    ]);
    expect(lines.filter((c) => c.filingMembers === 2).map((c) => c.merchantNames)).toEqual(
      expect.arrayContaining([['Velvet Pixel Media Ltd'], ['Cobalt Arcade Ltd']]),
    );
  });

  it('should show a case past its triage deadline with its SLA alert', async () => {
    const overdue = await caseAbout('Pebble Cove Media Ltd');
    expect(overdue).toMatchObject({ status: 'triage', overdue: true });
    const alerts = await get('coordinator@coalition.example', '/alerts?open=true');
    expect(alerts.body.items).toEqual([
      expect.objectContaining({ kind: 'sla_breach', caseId: overdue.id }),
    ]);
    // Every other case is within its deadlines.
    expect((await cases()).filter((c) => c.overdue).map((c) => c.id)).toEqual([overdue.id]);
  });

  it('should wait for a member’s answer to an open information request', async () => {
    const mine = await get('officer@eastgate.example', '/referrals?limit=100');
    const waiting = (mine.body.items as { id: string; status: string }[]).filter(
      (r) => r.status === 'info_requested',
    );
    expect(waiting).toHaveLength(1);
    const requests = await get(
      'officer@eastgate.example',
      `/referrals/${waiting[0].id}/info-requests`,
    );
    expect(requests.status).toBe(200);
    const statuses = (requests.body.items as { status: string }[]).map((r) => r.status);
    expect(statuses).toEqual(['open']);
  });

  it('should have delivered packages: a RED one awaiting acknowledgement, readable by its named liaison only, and two accepted', async () => {
    const all = (await get('coordinator@coalition.example', '/dispatches?limit=100')).body
      .items as DispatchLine[];
    expect(all.map((d) => `${d.merchantName} ${d.status} ${d.tlp}`).sort()).toEqual([
      'Lantern Stream Ltd delivered RED',
      'Northwind Digital Goods LLC accepted AMBER',
      'Velvet Pixel Media Ltd accepted AMBER+STRICT',
    ]);
    const red = all.find((d) => d.tlp === 'RED') as DispatchLine;
    const named = await get('liaison@metrocyber.example', '/dispatches?limit=100');
    expect((named.body.items as DispatchLine[]).map((d) => d.id)).toContain(red.id);
    const colleague = await get('liaison2@metrocyber.example', '/dispatches?limit=100');
    expect((colleague.body.items as DispatchLine[]).map((d) => d.merchantName)).toEqual([
      'Velvet Pixel Media Ltd',
    ]);
    expect((await get('liaison2@metrocyber.example', `/dispatches/${red.id}`)).status).toBe(404);
    const detail = await get('liaison@metrocyber.example', `/dispatches/${red.id}`);
    expect(detail.body.acknowledgeBy).not.toBeNull();
    const hoursLeft = (Date.parse(detail.body.acknowledgeBy as string) - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(0);
    expect(hoursLeft).toBeLessThanOrEqual(20);
  });

  it('should show the filing officer the agency’s hold, its shared outcome and the question they answered', async () => {
    const mine = await get('officer@northbank.example', '/referrals?limit=100');
    const velvet = (
      mine.body.items as { id: string; merchant: { legalName: string } | null }[]
    ).find((r) => r.merchant?.legalName === 'Velvet Pixel Media Ltd');
    if (!velvet) throw new Error('the officer has no referral about Velvet Pixel Media Ltd');
    const referral = await get('officer@northbank.example', `/referrals/${velvet.id}`);
    expect(referral.body.status).toBe('accepted');
    expect(referral.body.holds).toEqual([
      expect.objectContaining({ scope: 'do_not_terminate', status: 'active' }),
    ]);
    expect(referral.body.agencyOutcomes).toEqual([
      expect.objectContaining({
        status: 'investigation_opened',
        agencyCaseNumber: 'MCU-2026-0117',
      }),
    ]);
    const questions = await get('officer@northbank.example', `/referrals/${velvet.id}/questions`);
    expect(questions.body.items).toEqual([
      expect.objectContaining({ answer: expect.stringContaining('private collections') }),
    ]);
  });

  it('should let the second lead approve what the first lead proposed, and not the first', async () => {
    const waiting = await caseAbout('Cobalt Arcade Ltd');
    expect(waiting.status).toBe('pending_approval');
    const own = await post('lead@coalition.example', `/cases/${waiting.id}/approve`);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('four_eyes_required');
    const approved = await post('lead2@coalition.example', `/cases/${waiting.id}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('routed');
  });

  it('should keep a sound audit trail, with the story’s own event', async () => {
    const report = await eventually(
      'the sealer to chain the story',
      async () => {
        const res = await get('auditor@coalition.example', '/audit/verify');
        const body = res.body as { pending: number; valid: boolean };
        return body.pending === 0 ? body : undefined;
      },
      60_000,
    );
    expect(report).toMatchObject({ valid: true, firstBrokenSeq: null });
    const [event] = await api.dataSource.query<{ details: { movedDeadlines: unknown[] } }[]>(
      `SELECT details FROM audit_events WHERE action = 'demo.story'`,
    );
    expect(event.details.movedDeadlines).toHaveLength(2);
  });

  it('should add nothing when told again', async () => {
    const count = async () =>
      (
        await api.dataSource.query<{ referrals: number; cases: number; dispatches: number }[]>(
          `SELECT (SELECT count(*)::int FROM referrals) AS referrals,
                  (SELECT count(*)::int FROM cases) AS cases,
                  (SELECT count(*)::int FROM dispatches) AS dispatches`,
        )
      )[0];
    const before = await count();
    const again = await seedDemo(new UnitOfWork(api.dataSource), PASSWORD);
    expect(again).toMatchObject({ organizationsCreated: 0, usersCreated: 0 });
    expect(await seedDemoStory(api.app, PASSWORD)).toMatchObject({ seeded: false });
    expect(await count()).toEqual(before);
  });

  it('should hold only fictitious addresses, numbers and names: .example domains, reserved phone ranges, no card number', async () => {
    const tables = [
      'organizations',
      'organization_email_domains',
      'users',
      'agencies',
      'referrals',
      'dispatches',
      'info_requests',
      'agency_questions',
      'holds',
      'member_actions',
      'case_notes',
      'alerts',
      'referral_match_keys',
      'audit_events',
    ];
    let text = '';
    let cardNumbers: unknown[] = [];
    for (const table of tables) {
      const rows = await api.dataSource.query<{ row: string }[]>(
        `SELECT row_to_json(t)::text AS row FROM ${table} t`,
      );
      for (const { row } of rows) {
        text += `${row}\n`;
        // Hashes, digests and ids are hexadecimal: a long run of digits in one is chance.
        const words = row.replace(/"[0-9a-f-]{32,}"|"(kid|[a-z]+\d):[^"]*"/gi, '""');
        cardNumbers = cardNumbers.concat(findCardNumbers(words));
      }
    }
    expect(text.length).toBeGreaterThan(10_000);
    const hosts = new Set<string>();
    for (const m of text.matchAll(/@([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi)) hosts.add(m[1]);
    for (const m of text.matchAll(/https?:\/\/([^/\s"\\]+)/gi)) hosts.add(m[1]);
    for (const m of text.matchAll(/"domain":"([^"]+)"/g)) hosts.add(m[1]);
    expect(hosts.size).toBeGreaterThan(10);
    expect([...hosts].filter((h) => !/\.(example|test)$/i.test(h))).toEqual([]);

    const phones = [...text.matchAll(/\+\d[\d ]{8,}\d/g)].map((m) => m[0].replace(/ /g, ''));
    expect(phones.length).toBeGreaterThan(0);
    expect(
      phones.filter((p) => !/^(\+4420794600\d\d|\+442079460\d{3}|\+120255501\d\d)$/.test(p)),
    ).toEqual([]);
    expect(cardNumbers).toEqual([]);
  });
});
