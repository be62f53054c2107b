import { randomUUID } from 'node:crypto';
import { signedInUser } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

/** GET /metrics: Prometheus figures for operators' scrapers, behind METRICS_TOKEN. */

const TOKEN = 'metrics-token-for-the-e2e-spec-0123456789';
let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ METRICS_TOKEN: TOKEN });
}, 60_000);

afterAll(async () => {
  await api.close();
});

const scrape = (token?: string) => {
  const req = api.http.get('/metrics');
  return token === undefined ? req : req.set('Authorization', `Bearer ${token}`);
};

describe('GET /metrics', () => {
  it('should refuse a scrape without the token, or with another, and not say why beyond 401', async () => {
    const none = await scrape().expect(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    await scrape(`${TOKEN}x`).expect(401);
    await scrape(TOKEN.slice(0, -1)).expect(401);
    // A signed-in person's access token does not open it either.
    const { session } = await signedInUser(api.dataSource, api.http, 'platform_admin');
    await api.http.get('/metrics').set(session.auth).expect(401);
  });

  it('should expose request, queue, outbox, SLA and delivery figures, labelled by route template only', async () => {
    // A request whose URL holds an id: its label must be the route's template.
    const { session } = await signedInUser(api.dataSource, api.http, 'coordinator');
    const caseId = randomUUID();
    await api.http.get(`/api/v1/cases/${caseId}`).set(session.auth).expect(404);
    // An unacknowledged SLA alert on a case, so the open-breach figure has something to count.
    const [c] = await api.dataSource.query<{ id: string }[]>(
      `INSERT INTO cases (id, reference, status, priority) VALUES ($1, $2, 'triage', 'P2') RETURNING id`,
      [randomUUID(), `CASE-M-${Date.now()}`],
    );
    await api.dataSource.query(
      `INSERT INTO alerts (id, kind, case_id, message, dedupe_key)
       VALUES (gen_random_uuid(), 'sla_breach', $1, 'Triage overdue', $2)`,
      [c.id, `metrics-spec-${c.id}`],
    );

    const res = await scrape(TOKEN).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    const text = res.text;
    expect(text).toMatch(
      /crh_http_requests_total\{method="GET",route="\/api\/v1\/cases\/:id",status_class="4xx"\} [1-9]/,
    );
    expect(text).toContain('crh_http_request_duration_seconds_bucket{');
    expect(text).toContain('crh_figures_up{source="database"} 1');
    expect(text).toContain('crh_figures_up{source="queues"} 1');
    expect(text).toMatch(/crh_queue_jobs\{queue="intake",state="waiting"\} \d+/);
    expect(text).toMatch(/crh_outbox_unpublished \d+/);
    expect(text).toMatch(/crh_outbox_oldest_due_age_seconds \d/);
    expect(text).toMatch(/crh_alerts_open\{kind="sla_breach"\} [1-9]/);
    expect(text).toMatch(/crh_alerts_raised_last_24h\{kind="sla_breach"\} [1-9]/);
    for (const result of ['delivered', 'failed', 'given_up']) {
      expect(text).toMatch(
        new RegExp(`crh_webhook_deliveries_last_24h\\{result="${result}"\\} \\d+`),
      );
    }
    expect(text).toMatch(/crh_mail_delivered_last_24h \d+/);
    expect(text).toMatch(/crh_mail_unsent\{state="given_up"\} \d+/);
    // No id, no address, no e-mail in any label.
    expect(text).not.toContain(caseId);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(text).not.toContain('@');
  });

  it('should not exist when no token is set (404)', async () => {
    const plain = await startTestApi();
    try {
      await plain.http.get('/metrics').expect(404);
      await plain.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    } finally {
      await plain.close();
    }
  }, 30_000);
});
