import { AuditWriter, digestOfDetails } from '@app/audit';
import { inTransaction } from '@app/persistence';
import fc from 'fast-check';
import { signedInUser } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';
import { txOf } from '../support/tx';

/**
 * Property tests for what the audit verifier relies on: the digest of the
 * details, recomputed from what PostgreSQL hands back, equals the digest the
 * writer stored, whatever the details hold; and whatever a client sends as
 * X-Request-Id, the trail's request id is the server's.
 */
describe('Audit trail integrity (property, e2e)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ LOG_LEVEL: 'error' });
  });
  afterAll(async () => {
    await api.close();
  });

  // PostgreSQL's jsonb cannot hold NUL or an unpaired surrogate in text (JSON.stringify
  // escapes both); the writer's insert fails on them and stores nothing.
  const storable = (value: unknown): boolean =>
    !/\\u0000|\\ud[89a-f][0-9a-f]{2}/i.test(JSON.stringify(value));
  const details = fc
    .dictionary(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.date({ noInvalidDate: true }),
        fc.constant(undefined),
      ),
      { maxKeys: 6 },
    )
    .filter(storable);

  it('should store details whose digest recomputes from the stored jsonb, for any details (property)', async () => {
    const writer = api.app.get(AuditWriter);
    await fc.assert(
      fc.asyncProperty(details, async (given) => {
        const action = `fuzz.details.${Math.random().toString(36).slice(2)}`;
        await inTransaction(api.dataSource, (m) =>
          writer.record(txOf(m), {
            actor: null,
            origin: null,
            action,
            outcome: 'success',
            details: given,
          }),
        );
        const [row] = await api.dataSource.query<{ details: unknown; details_digest: string }[]>(
          `SELECT details, details_digest FROM audit_events WHERE action = $1`,
          [action],
        );
        expect(digestOfDetails(row.details)).toBe(row.details_digest);
      }),
      { numRuns: 150 },
    );
  });

  it("should never record a client's X-Request-Id as the request id (property)", async () => {
    const { user, session } = await signedInUser(api.dataSource, api.http, 'auditor');
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9._:-]{8,64}$/), async (chosen) => {
        const res = await api.http
          .get('/api/v1/audit/verify')
          .set(session.auth)
          .set('x-request-id', chosen);
        expect(res.status).toBe(200);
        const ours = String(res.headers['x-request-id']);
        expect(ours).not.toBe(chosen);
        const rows = await api.dataSource.query<{ request_id: string; client: string | null }[]>(
          `SELECT request_id, details->>'clientRequestId' AS client FROM audit_events
            WHERE actor_user_id = $1 AND action = 'audit.verify' AND request_id = $2`,
          [user.id, ours],
        );
        expect(rows).toEqual([{ request_id: ours, client: chosen }]);
        const spoofed = await api.dataSource.query(
          `SELECT 1 FROM audit_events WHERE request_id = $1`,
          [chosen],
        );
        expect(spoofed).toHaveLength(0);
      }),
      { numRuns: 25 },
    );
  });
});
