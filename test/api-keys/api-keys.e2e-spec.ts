import { createHash } from 'node:crypto';
import { AuditEventEntity } from '@app/persistence';
import {
  createOrganization,
  createUser,
  login,
  signedInUser,
  type Session,
} from '../support/factories';
import { referralBody } from '../support/referral-bodies';
import { startTestApi, type TestApi } from '../support/test-app';

interface CreatedKey {
  id: string;
  key: string;
  prefix: string;
  scopes: string[];
  status: string;
  lastUsedAt: string | null;
}

/** API keys: member systems filing referrals machine to machine. */
describe('API keys (e2e)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-api-keys` });
  });
  afterAll(() => api.close());

  const keysOf = (orgId: string) => `/api/v1/organizations/${orgId}/api-keys`;
  const createKey = async (s: Session, orgId: string, scopes: string[], name = 'Filing system') => {
    const res = await api.http.post(keysOf(orgId)).set(s.auth).send({ name, scopes });
    expect(res.status).toBe(201);
    return res.body as CreatedKey;
  };
  const withKey = (key: string) => ({ 'X-API-Key': key });
  const asBearer = (key: string) => ({ Authorization: `Bearer ${key}` });
  const auditOf = (action: string, targetId?: string) =>
    api.dataSource.getRepository(AuditEventEntity).find({
      where: { action, ...(targetId ? { targetId } : {}) },
      order: { occurredAt: 'ASC' },
    });

  it('should show a new key once, list it without the key, and store only a hash', async () => {
    const { org, user, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const created = await createKey(session, org.id, ['referrals:read', 'referrals:write']);
    expect(created.key).toMatch(/^crh_[0-9a-f]{12}_[0-9a-f]{64}$/);
    expect(created.key.startsWith(`${created.prefix}_`)).toBe(true);
    expect(created).toMatchObject({
      scopes: ['referrals:write', 'referrals:read'],
      status: 'active',
      lastUsedAt: null,
      createdBy: user.id,
      organizationId: org.id,
    });

    const list = await api.http.get(keysOf(org.id)).set(session.auth);
    expect(list.status).toBe(200);
    const listed = (list.body as { items: Record<string, unknown>[] }).items;
    expect(listed.map((k) => k.id)).toEqual([created.id]);
    expect(listed[0]).not.toHaveProperty('key');
    expect(JSON.stringify(list.body)).not.toContain(created.key.slice(-64));

    const [row] = await api.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM api_keys WHERE id = $1`,
      [created.id],
    );
    const secret = created.key.slice(-64);
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));

    const [event] = await auditOf('api_key.create', created.id);
    expect(event).toMatchObject({ actorUserId: user.id, outcome: 'success' });
    expect(JSON.stringify(event.details)).not.toContain(secret);
  });

  it('should refuse bad bodies naming every field', async () => {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const res = await api.http
      .post(keysOf(org.id))
      .set(session.auth)
      .send({ name: '', scopes: ['cases:read', 'cases:read'], expiresAt: '2020-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['expiresAt', 'name', 'scopes']);
    const none = await api.http
      .post(keysOf(org.id))
      .set(session.auth)
      .send({ name: 'x', scopes: [] });
    expect(none.status).toBe(400);
    expect(
      await api.dataSource.query(`SELECT 1 FROM api_keys WHERE organization_id = $1`, [org.id]),
    ).toEqual([]);
  });

  it('should file, submit and read back referrals with a key, in both header forms', async () => {
    const { org, user, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const writer = await createKey(session, org.id, ['referrals:write']);
    const reader = await createKey(session, org.id, ['referrals:read']);

    const filed = await api.http
      .post('/api/v1/referrals')
      .set(withKey(writer.key))
      .send(referralBody());
    expect(filed.status).toBe(201);
    const id = (filed.body as { id: string }).id;
    const [row] = await api.dataSource.query<{ organization_id: string; created_by: string }[]>(
      `SELECT organization_id, created_by FROM referrals WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ organization_id: org.id, created_by: user.id });
    // The trail names the key as well as the user it acts for.
    const [filing] = await auditOf('referral.create', id);
    expect(filing).toMatchObject({ actorUserId: user.id });
    expect(filing.details).toMatchObject({ apiKeyId: writer.id });

    const submitted = await api.http
      .post(`/api/v1/referrals/${id}/submit`)
      .set(asBearer(writer.key));
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    const read = await api.http.get(`/api/v1/referrals/${id}`).set(asBearer(reader.key));
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(id);
    const list = await api.http.get('/api/v1/referrals').set(withKey(reader.key));
    expect(list.status).toBe(200);
    expect((list.body as { items: { id: string }[] }).items.map((r) => r.id)).toContain(id);

    // Scopes are the whole of what a key may do.
    const writerReads = await api.http.get(`/api/v1/referrals/${id}`).set(withKey(writer.key));
    expect(writerReads.status).toBe(403);
    expect(writerReads.body.code).toBe('api_key_scope');
    const readerFiles = await api.http
      .post('/api/v1/referrals')
      .set(withKey(reader.key))
      .send(referralBody());
    expect(readerFiles.status).toBe(403);

    // Another organization's referral is as invisible to a key as to its users.
    const other = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const theirs = await api.http
      .post('/api/v1/referrals')
      .set(other.session.auth)
      .send(referralBody());
    expect(theirs.status).toBe(201);
    const notMine = await api.http
      .get(`/api/v1/referrals/${theirs.body.id as string}`)
      .set(withKey(reader.key));
    expect(notMine.status).toBe(404);

    const listed = await api.http.get(keysOf(org.id)).set(session.auth);
    const used = (listed.body as { items: CreatedKey[] }).items;
    expect(used.find((k) => k.id === writer.id)?.lastUsedAt).not.toBeNull();
    expect(used.find((k) => k.id === reader.id)?.lastUsedAt).not.toBeNull();
  });

  it('should write last_used_at at most once a minute per key', async () => {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const reader = await createKey(session, org.id, ['referrals:read']);
    await api.http.get('/api/v1/referrals').set(withKey(reader.key)).expect(200);
    const stamp = async () =>
      (
        await api.dataSource.query<{ last_used_at: Date | null }[]>(
          `SELECT last_used_at FROM api_keys WHERE id = $1`,
          [reader.id],
        )
      )[0].last_used_at;
    const first = await stamp();
    expect(first).toBeInstanceOf(Date);
    await api.http.get('/api/v1/referrals').set(withKey(reader.key)).expect(200);
    expect(await stamp()).toEqual(first);
    // A minute later (moved back in the database rather than waited for), the next use writes again.
    await api.dataSource.query(
      `UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`,
      [reader.id],
    );
    const before = await stamp();
    await api.http.get('/api/v1/referrals').set(withKey(reader.key)).expect(200);
    expect((await stamp())!.getTime()).toBeGreaterThan(before!.getTime());
  });

  it('should keep a key away from everything but referrals (403)', async () => {
    const { org, user, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const key = await createKey(session, org.id, ['referrals:read', 'referrals:write']);
    const attempts: [string, string][] = [
      ['get', '/api/v1/cases'],
      ['get', '/api/v1/dispatches'],
      ['get', '/api/v1/organizations'],
      ['get', `/api/v1/organizations/${org.id}/users`],
      ['get', `/api/v1/users/${user.id}`],
      ['get', keysOf(org.id)],
      ['post', keysOf(org.id)],
      ['delete', `/api/v1/api-keys/${key.id}`],
      ['get', '/api/v1/auth/me'],
      ['post', '/api/v1/auth/logout'],
      ['get', '/api/v1/queues'],
    ];
    for (const [method, path] of attempts) {
      const res = await (
        method === 'get'
          ? api.http.get(path)
          : method === 'post'
            ? api.http.post(path).send({ name: 'escalate', scopes: ['referrals:read'] })
            : api.http.delete(path)
      ).set(withKey(key.key));
      expect({ path: `${method} ${path}`, status: res.status }).toEqual({
        path: `${method} ${path}`,
        status: 403,
      });
    }
    // Nothing was created or revoked through it.
    const keys = await api.dataSource.query<{ revoked_at: Date | null }[]>(
      `SELECT revoked_at FROM api_keys WHERE organization_id = $1`,
      [org.id],
    );
    expect(keys).toEqual([{ revoked_at: null }]);
  });

  it('should let only member admins of the organization manage its keys', async () => {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const key = await createKey(session, org.id, ['referrals:write']);
    const otherAdmin = await signedInUser(api.dataSource, api.http, 'member_admin');
    expect((await api.http.get(keysOf(org.id)).set(otherAdmin.session.auth)).status).toBe(404);
    expect(
      (
        await api.http
          .post(keysOf(org.id))
          .set(otherAdmin.session.auth)
          .send({ name: 'x', scopes: ['referrals:write'] })
      ).status,
    ).toBe(404);
    expect(
      (await api.http.delete(`/api/v1/api-keys/${key.id}`).set(otherAdmin.session.auth)).status,
    ).toBe(404);

    const reporter = await createUser(api.dataSource, org, 'member_reporter');
    const reporterSession = await login(api.http, reporter.email);
    const byReporter = await api.http
      .post(keysOf(org.id))
      .set(reporterSession.auth)
      .send({ name: 'x', scopes: ['referrals:write'] });
    expect(byReporter.status).toBe(403);
    expect((await api.http.get(keysOf(org.id)).set(reporterSession.auth)).status).toBe(403);

    const admin = await signedInUser(api.dataSource, api.http, 'platform_admin');
    expect((await api.http.get(keysOf(org.id)).set(admin.session.auth)).status).toBe(403);

    // Still active after all that.
    const res = await api.http.get('/api/v1/referrals').set(withKey(key.key));
    expect(res.status).toBe(403); // write-only, but authenticated: not 401
  });

  it('should refuse a revoked key from the next request on, and audit it', async () => {
    const { org, user, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const key = await createKey(session, org.id, ['referrals:read']);
    await api.http.get('/api/v1/referrals').set(withKey(key.key)).expect(200);

    const revoked = await api.http.delete(`/api/v1/api-keys/${key.id}`).set(session.auth);
    expect(revoked.status).toBe(204);
    const refused = await api.http.get('/api/v1/referrals').set(withKey(key.key));
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('invalid_api_key');
    expect((await api.http.get('/api/v1/referrals').set(asBearer(key.key))).status).toBe(401);

    // Revoking again changes nothing.
    expect((await api.http.delete(`/api/v1/api-keys/${key.id}`).set(session.auth)).status).toBe(
      204,
    );
    const listed = await api.http.get(keysOf(org.id)).set(session.auth);
    expect((listed.body as { items: CreatedKey[] }).items[0].status).toBe('revoked');

    const revocations = await auditOf('api_key.revoke', key.id);
    expect(revocations).toHaveLength(1);
    expect(revocations[0]).toMatchObject({ actorUserId: user.id, outcome: 'success' });
    const refusals = await auditOf('auth.api_key_refused', key.id);
    expect(refusals.map((e) => e.details)).toEqual([
      { reason: 'revoked', prefix: key.prefix.slice(4) },
      { reason: 'revoked', prefix: key.prefix.slice(4) },
    ]);
    expect(refusals[0]).toMatchObject({ outcome: 'failure', actorOrganizationId: org.id });
  });

  it('should refuse unknown, malformed, forged and expired keys with 401 and audit each', async () => {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const key = await createKey(session, org.id, ['referrals:read']);
    const forged = `${key.key.slice(0, -64)}${'0'.repeat(64)}`;
    const unknown = `crh_aaaaaaaaaaaa_${'1'.repeat(64)}`;
    for (const bad of [forged, unknown, 'crh_not-a-key']) {
      const res = await api.http.get('/api/v1/referrals').set(withKey(bad));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('invalid_api_key');
    }
    const unknownEvents = (await auditOf('auth.api_key_refused')).filter(
      (e) => (e.details as { prefix: string | null }).prefix === 'aaaaaaaaaaaa',
    );
    expect(unknownEvents.map((e) => e.details)).toEqual([
      { reason: 'unknown', prefix: 'aaaaaaaaaaaa' },
    ]);
    // A forged secret on a real prefix is "unknown" too, and not tied to the key.
    expect(await auditOf('auth.api_key_refused', key.id)).toEqual([]);

    await api.dataSource.query(
      `UPDATE api_keys SET created_at = now() - interval '2 days', expires_at = now() - interval '1 day' WHERE id = $1`,
      [key.id],
    );
    const expired = await api.http.get('/api/v1/referrals').set(withKey(key.key));
    expect(expired.status).toBe(401);
    expect((await auditOf('auth.api_key_refused', key.id)).map((e) => e.details)).toEqual([
      { reason: 'expired', prefix: key.prefix.slice(4) },
    ]);
    const listed = await api.http.get(keysOf(org.id)).set(session.auth);
    expect((listed.body as { items: CreatedKey[] }).items[0].status).toBe('expired');
  });

  it('should stop a key when its creator is suspended, and refuse two credentials at once', async () => {
    const { org, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const key = await createKey(session, org.id, ['referrals:read']);
    const both = await api.http.get('/api/v1/referrals').set(withKey(key.key)).set(session.auth);
    expect(both.status).toBe(401);

    const creator = await createOrganization(api.dataSource, 'member');
    const admin = await createUser(api.dataSource, creator, 'member_admin');
    const adminSession = await login(api.http, admin.email);
    const theirKey = await createKey(adminSession, creator.id, ['referrals:read']);
    await api.http.get('/api/v1/referrals').set(withKey(theirKey.key)).expect(200);
    await api.dataSource.query(`UPDATE users SET status = 'suspended' WHERE id = $1`, [admin.id]);
    expect((await api.http.get('/api/v1/referrals').set(withKey(theirKey.key))).status).toBe(401);
    expect((await auditOf('auth.api_key_refused', theirKey.id)).map((e) => e.details)).toEqual([
      { reason: 'inactive', prefix: theirKey.prefix.slice(4) },
    ]);
  });
  it("should bound a key by its creator's current role: a demoted creator's key loses the organization's reach", async () => {
    const { org, user, session } = await signedInUser(api.dataSource, api.http, 'member_admin');
    const key = await createKey(session, org.id, ['referrals:read', 'referrals:write']);
    const colleague = await createUser(api.dataSource, org, 'member_reporter');
    const colleagueFiled = await api.http
      .post('/api/v1/referrals')
      .set((await login(api.http, colleague.email)).auth)
      .send(referralBody());
    expect(colleagueFiled.status).toBe(201);
    const theirs = (colleagueFiled.body as { id: string }).id;
    await api.http.get(`/api/v1/referrals/${theirs}`).set(withKey(key.key)).expect(200);

    // Another member admin of the organization demotes the key's creator.
    const other = await createUser(api.dataSource, org, 'member_admin');
    const otherSession = await login(api.http, other.email);
    await api.http
      .patch(`/api/v1/users/${user.id}`)
      .set(otherSession.auth)
      .send({ role: 'member_reporter' })
      .expect(200);

    // From the next request on the key has a reporter's reach, no more.
    const after = await api.http.get(`/api/v1/referrals/${theirs}`).set(withKey(key.key));
    expect(after.status).toBe(404);
    const list = await api.http.get('/api/v1/referrals').set(withKey(key.key));
    expect(list.status).toBe(200);
    expect((list.body as { items: { id: string }[] }).items.map((r) => r.id)).not.toContain(theirs);
    const own = await api.http.post('/api/v1/referrals').set(withKey(key.key)).send(referralBody());
    expect(own.status).toBe(201);
    await api.http
      .get(`/api/v1/referrals/${(own.body as { id: string }).id}`)
      .set(withKey(key.key))
      .expect(200);
  });
});
