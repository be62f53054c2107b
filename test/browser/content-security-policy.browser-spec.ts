import { createOrganization, createUser, signedInUser } from '../support/factories';
import { signIn } from './support/browser';
import { useConsoleSuite } from './support/console-suite';

/**
 * The console and the OpenAPI page run under a Content-Security-Policy whose
 * script-src is 'self' alone: both work (the suite fails a test on any console
 * error, a CSP violation included), and an inline script is refused.
 */
describe('Content-Security-Policy (browser)', () => {
  const suite = useConsoleSuite();

  it('should sign in and show the console with no inline script allowed or needed', async () => {
    const org = await createOrganization(suite.server.api.dataSource, 'member');
    const user = await createUser(suite.server.api.dataSource, org, 'member_reporter');
    const { page } = suite.tab;
    const res = await page.request.get('/');
    const policy = res.headers()['content-security-policy'];
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    await signIn(page, user.email);
    await page.getByText(user.displayName).waitFor();
  });

  it('should show the OpenAPI page under the same script policy', async () => {
    const { page } = suite.tab;
    await page.goto('/api/docs');
    await page.locator('.swagger-ui .info .title').waitFor();
    const res = await page.request.get('/api/docs');
    expect(res.headers()['content-security-policy']).toContain("script-src 'self';");
  });

  it('should show the queue dashboard under the same script policy', async () => {
    const { session } = await signedInUser(
      suite.server.api.dataSource,
      suite.server.api.http,
      'platform_admin',
    );
    // A tab of its own: bull-board asks for a web font, which the policy refuses (no script needs it).
    const page = await suite.browser.newPage();
    try {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${suite.server.baseUrl}/admin/queues?token=${session.accessToken}`);
      await page.getByText('intake').first().waitFor();
      expect(errors.filter((e) => /script/i.test(e) || !/stylesheet/.test(e))).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('should refuse an inline script injected into the console page', async () => {
    // A tab of its own: the refusal is logged as an error, which is the point here.
    const page = await suite.browser.newPage();
    try {
      const violations: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') violations.push(m.text());
      });
      await page.goto(`${suite.server.baseUrl}/sign-in`);
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      const ran = await page.evaluate(async () => {
        const w = window as unknown as { injected?: boolean };
        const script = document.createElement('script');
        script.textContent = 'window.injected = true;';
        document.body.appendChild(script);
        await new Promise((r) => setTimeout(r, 50));
        return w.injected === true;
      });
      expect(ran).toBe(false);
      expect(violations.join('\n')).toMatch(/Content Security Policy/);
    } finally {
      await page.close();
    }
  });
});
