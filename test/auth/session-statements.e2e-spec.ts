import { signedInUser } from '../support/factories';
import { watchSqlStatements, type SqlStatements } from '../support/sql-statements';
import { startTestApi, type TestApi } from '../support/test-app';

/**
 * Every signed-in request pays for checking its session, so that check and
 * the cheapest signed-in answer are held to their statements here, counted
 * where every query of the app ends: the pg client.
 */
describe('Statements of a signed-in request (e2e)', () => {
  let api: TestApi;
  let sql: SqlStatements;

  beforeAll(async () => {
    api = await startTestApi();
    sql = watchSqlStatements();
  });
  afterAll(async () => {
    sql?.restore();
    await api.close();
  });

  async function statementsOf(run: () => Promise<unknown>): Promise<string[]> {
    return (await sql.statementsDuring(run)).sql;
  }

  it('should answer GET /auth/me with two statements: the session check and the profile, no transaction', async () => {
    const { user, session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
    const sent = await statementsOf(async () => {
      const res = await api.http.get('/api/v1/auth/me').set(session.auth).expect(200);
      expect(res.body.id).toBe(user.id);
    });
    expect(sent).toHaveLength(2);
    // The user, organization and session in one statement (session-validator.ts).
    for (const table of ['users', 'organizations', 'refresh_tokens']) {
      expect(sent[0]).toMatch(new RegExp(`\\b${table}\\b`));
    }
    // The profile with its organization, joined (no second statement for the relation).
    expect(sent[1]).toMatch(/\busers\b[\s\S]*\borganizations\b/);
    expect(sent.join('\n')).not.toMatch(/\b(BEGIN|START TRANSACTION|COMMIT)\b/i);
  });

  it('should refuse an ended session after its one statement', async () => {
    const { session } = await signedInUser(api.dataSource, api.http, 'member_reporter');
    await api.http.post('/api/v1/auth/logout').set(session.auth).expect(204);
    const sent = await statementsOf(() =>
      api.http.get('/api/v1/auth/me').set(session.auth).expect(401),
    );
    expect(sent).toHaveLength(1);
  });
});
