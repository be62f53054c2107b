import { AUDIT_SEAL_LOCK_KEY } from '@app/audit';
import { verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { createOrganization, createUser, login } from '../support/factories';
import { expectAccessible, saveScreenshot, signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/**
 * The auditor's pages: searching events, verifying the chain, checkpoints,
 * and what a tampered trail looks like. The spec has a database of its own
 * (it rewrites an audit row on purpose) and a worker whose sealer chains it.
 */
describe('Auditor console (browser)', () => {
  /** The database superuser, who can bypass the append-only trigger. */
  let su: Client;
  afterAll(async () => {
    await su?.end();
  });
  const suite = useConsoleSuite({ worker: true, scratch: 'auditor-console' });
  let auditorEmail: string;
  let auditorId: string;
  let member: {
    id: string;
    email: string;
    displayName: string;
    organization: string;
    organizationId: string;
  };

  beforeAll(async () => {
    su = new Client({ connectionString: suite.databaseUrl });
    await su.connect();
    const ds = suite.server.api.dataSource;
    const coalition = await createOrganization(ds, 'coalition');
    const auditor = await createUser(ds, coalition, 'auditor');
    auditorEmail = auditor.email;
    auditorId = auditor.id;
    const memberOrg = await createOrganization(ds, 'member');
    const user = await createUser(ds, memberOrg, 'member_reporter', {
      displayName: 'Mira Member-Reporter',
    });
    member = {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      organization: memberOrg.legalName,
      organizationId: memberOrg.id,
    };
    // Events to search: the member signs in twice.
    await login(suite.server.api.http, member.email);
    await login(suite.server.api.http, member.email);
  }, 90_000);

  const unsealed = async (): Promise<number> => {
    const { rows } = await su.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE chain_seq IS NULL`,
    );
    return rows[0].n;
  };
  const allSealed = () =>
    eventually('every event sealed', async () => ((await unsealed()) === 0 ? true : undefined));

  it('should search events by filter, keep the filters in the address, expand a row and export the range', async () => {
    const { page } = suite.tab;
    await signIn(page, auditorEmail);
    await page.waitForURL('**/audit');
    await page.getByRole('heading', { name: 'Audit events', level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Audit events, newest first' });
    await table.getByRole('cell', { name: 'auth.login' }).first().waitFor();
    const everyone = await table.getByRole('button', { name: /^Details/ }).count();

    await page.getByLabel('Action').fill('auth.login');
    await page.getByLabel('Actor (user id)').fill(member.id);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/audit\?action=auth\.login&actorId=/);
    await eventually('the filtered rows', async () =>
      (await table.getByRole('button', { name: /^Details/ }).count()) === 2 ? true : undefined,
    );
    expect(everyone).toBeGreaterThan(2);
    expect(await table.getByRole('cell', { name: 'auth.login' }).count()).toBe(2);
    // Who acted and for which organization, by name; the id stays at hand.
    const byName = table.getByRole('link', { name: `Events by ${member.displayName}` });
    expect(await byName.count()).toBe(2);
    await expect(byName.first().getAttribute('title')).resolves.toContain(member.id);
    expect(await table.getByRole('cell', { name: member.organization, exact: true }).count()).toBe(
      2,
    );
    await expect(
      table
        .getByRole('cell', { name: member.organization, exact: true })
        .first()
        .getAttribute('title'),
    ).resolves.toBe(member.organizationId);
    await expectAccessible(page, 'the filtered audit events');

    // A row opens to its details.
    const details = table.getByRole('button', { name: /^Details/ }).first();
    await details.click();
    await expect(
      table.getByRole('button', { name: /^Hide/ }).first().getAttribute('aria-expanded'),
    ).resolves.toBe('true');
    await table.getByText('Chain position').waitFor();
    await table.getByText(member.id).first().waitFor();
    await expectAccessible(page, 'an audit event opened');
    await saveScreenshot(page, 'auditor-events');

    // Reloading keeps the search; another action finds nothing.
    await page.reload();
    await expect(page.getByLabel('Action').inputValue()).resolves.toBe('auth.login');
    await page.getByLabel('Action').fill('auth.logout');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No event matches these filters.').waitFor();

    // A malformed filter is refused in words next to its field.
    await page.getByLabel('Action').fill('Not An Action!');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('.field-error').getByText('action must be a dotted verb').waitFor();

    // The export saves the range as JSON Lines, fetched with the session.
    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL(/\/audit$/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export this range (.jsonl)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-events_.*\.jsonl$/);
    const text = await readFile(await download.path(), 'utf8');
    const events = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; actorUserId: string | null });
    expect(
      events.filter((e) => e.action === 'auth.login' && e.actorUserId === member.id),
    ).toHaveLength(2);
    await page
      .getByRole('status')
      .getByText(/Saved audit-events_.*\.jsonl/)
      .waitFor();
  });

  it('should verify the sealed trail as valid and say when it ran', async () => {
    await allSealed();
    const { page } = suite.tab;
    await signIn(page, auditorEmail);
    await page.getByRole('link', { name: 'Verify' }).click();
    await page.getByRole('heading', { name: 'Verify the trail', level: 1 }).waitFor();
    await expectAccessible(page, 'the verify page');
    // The quick run is offered first; the auditor asks for the whole chain.
    const quick = page.getByRole('radio', { name: 'Since the last verified checkpoint' });
    expect(await quick.isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'The whole chain, from the first event' }).check();
    await page.getByRole('button', { name: 'Run verification' }).click();
    await page.getByRole('heading', { name: 'The trail is intact' }).waitFor();
    const result = page.getByRole('region', { name: 'The trail is intact' });
    await result.getByText('Recomputed from the first event.').waitFor();
    await result.getByText(/Valid: \d+ events checked/).waitFor();
    const head = Number(await result.locator('dt:text-is("Head position") + dd').innerText());
    const { rows } = await su.query<{ hash: string }>(
      `SELECT hash FROM audit_events WHERE chain_seq = $1`,
      [head],
    );
    await result.getByText(rows[0].hash).waitFor();
    await result.getByText(/^Run \d+ \w+ \d{4}, \d\d:\d\d UTC\.$/).waitFor();
    await result.getByText('Pending (not sealed yet)').waitFor();
    await expectAccessible(page, 'a valid verification');
    await saveScreenshot(page, 'auditor-verify');
  });

  it('should list checkpoints, sign one on request, and show a signed text that verifies with its key', async () => {
    await allSealed();
    const { page } = suite.tab;
    await signIn(page, auditorEmail);
    await page.getByRole('link', { name: 'Checkpoints' }).click();
    await page.getByRole('heading', { name: 'Checkpoints', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'How an agency checks a checkpoint' }).waitFor();

    await page.getByRole('button', { name: 'Create a checkpoint now' }).click();
    await page.getByRole('status').getByText('Checkpoint requested').waitFor();
    await page
      .getByRole('status')
      .getByText(/^Checkpoint signed: position \d+/)
      .waitFor({ timeout: 20_000 });
    // The worker answered this auditor's request with a checkpoint, and the list shows it.
    const { rows } = await su.query<{ seq: string; hash: string }>(
      `SELECT c.chain_seq::text AS seq, c.hash FROM audit_checkpoint_requests r
         JOIN audit_checkpoints c ON c.id = r.checkpoint_id
        WHERE r.requested_by = $1`,
      [auditorId],
    );
    expect(rows).toHaveLength(1);
    const table = page.getByRole('table', { name: 'Signed checkpoints, newest first' });
    await table.getByRole('row', { name: new RegExp(`^${rows[0].seq} ${rows[0].hash}`) }).waitFor();

    await table
      .getByRole('button', { name: /^Signed text and key/ })
      .first()
      .click();
    const message = await page.getByLabel('Signed text', { exact: true }).innerText();
    const signature = await page
      .getByLabel('Signature (base64, Ed25519)', { exact: true })
      .innerText();
    const publicKey = await page.getByLabel('Public key', { exact: true }).innerText();
    expect(JSON.parse(message)).toMatchObject({ seq: expect.any(Number) as number });
    expect(
      verify(null, Buffer.from(message.trim()), publicKey, Buffer.from(signature.trim(), 'base64')),
    ).toBe(true);
    await expectAccessible(page, 'the checkpoints page');
  });

  it("should show a tampered trail as broken at the edited event's position", async () => {
    await allSealed();
    const K = 3;
    const { page } = suite.tab;
    await signIn(page, auditorEmail);
    await page.goto('/audit/verify');
    const run = async (
      mode: 'Since the last verified checkpoint' | 'The whole chain, from the first event',
    ) => {
      await page.getByRole('radio', { name: mode }).check();
      await page.getByRole('button', { name: 'Run verification' }).click();
    };
    // A full run reaches the checkpoint signed above and remembers it.
    await run('The whole chain, from the first event');
    await page.getByRole('heading', { name: 'The trail is intact' }).waitFor();
    const { rows: verified } = await su.query<{ seq: string }>(
      `SELECT chain_seq::text AS seq FROM audit_verifications ORDER BY id DESC LIMIT 1`,
    );
    expect(verified).toHaveLength(1);
    const remembered = Number(verified[0].seq);
    expect(remembered).toBeGreaterThan(K);

    // As the superuser: triggers off, and the sealer's lock held so it does not append meanwhile.
    await su.query('BEGIN');
    try {
      await su.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_SEAL_LOCK_KEY]);
      await su.query('SET LOCAL session_replication_role = replica');
      await su.query(`UPDATE audit_events SET action = 'forged.action' WHERE chain_seq = $1`, [K]);
      await su.query('COMMIT');
    } catch (error) {
      await su.query('ROLLBACK');
      throw error;
    }

    // The quick run trusts what a full run verified before the checkpoint, and says so.
    await run('Since the last verified checkpoint');
    const quick = page.getByRole('region', { name: 'The trail is intact' });
    await quick
      .getByText(
        `Recomputed from position ${remembered + 1}, after the last verified checkpoint; ` +
          `the events up to position ${remembered} were verified by an earlier run.`,
      )
      .waitFor();
    // The whole chain finds the edit.
    await run('The whole chain, from the first event');
    await page.getByRole('heading', { name: `The trail is broken at position ${K}` }).waitFor();
    await page.getByRole('alert').getByText(`The first broken position is ${K}`).waitFor();
    const colour = await page
      .getByRole('heading', { name: `The trail is broken at position ${K}` })
      .evaluate((el) => getComputedStyle(el).color);
    expect(colour).toBe('rgb(161, 26, 26)');
    await expectAccessible(page, 'a broken verification');
    await saveScreenshot(page, 'auditor-verify-broken');
  });
});
