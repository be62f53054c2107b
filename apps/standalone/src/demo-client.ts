import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_PREFIX } from '../../api/src/api-app';

/**
 * The demo story's way into the application: its public HTTP API, called in
 * the process (Fastify's inject, no socket), so every step passes the same
 * guards, validation, services, audit events and outbox rows as a person's
 * click in the console. Requests carry the user agent `crh-demo-seed` and the
 * loopback address 127.0.0.2, so the audit trail shows what the seed did and
 * its sign-ins count against a limit of their own, not the one of whoever
 * tries the demo from 127.0.0.1 a moment later.
 */
export const DEMO_SEED_USER_AGENT = 'crh-demo-seed';
const SEED_ADDRESS = '127.0.0.2';

export class DemoApiError extends Error {}

export class DemoClient {
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly app: NestFastifyApplication,
    private readonly password: string,
  ) {}

  /** A signed-in call as the demo user `email` (signed in on first use). */
  async call<T = Record<string, unknown>>(
    email: string,
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: object,
  ): Promise<T> {
    const token = await this.tokenOf(email);
    return this.request<T>(method, path, body, { authorization: `Bearer ${token}` }, email);
  }

  get<T = Record<string, unknown>>(email: string, path: string): Promise<T> {
    return this.call<T>(email, 'GET', path);
  }

  post<T = Record<string, unknown>>(email: string, path: string, body: object = {}): Promise<T> {
    return this.call<T>(email, 'POST', path, body);
  }

  /** Ends every session the story opened. */
  async signOutAll(): Promise<void> {
    for (const [email, token] of this.tokens) {
      await this.request('POST', '/auth/logout', undefined, {
        authorization: `Bearer ${token}`,
      }).catch(() => undefined);
      this.tokens.delete(email);
    }
  }

  private async tokenOf(email: string): Promise<string> {
    const known = this.tokens.get(email);
    if (known) return known;
    const signedIn = await this.request<{ accessToken: string }>('POST', '/auth/login', {
      email,
      password: this.password,
    });
    this.tokens.set(email, signedIn.accessToken);
    return signedIn.accessToken;
  }

  private async request<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: object,
    headers: Record<string, string> = {},
    as = 'anyone',
  ): Promise<T> {
    const res = await this.app.inject({
      method,
      url: `/${API_PREFIX}${path}`,
      remoteAddress: SEED_ADDRESS,
      headers: {
        'user-agent': DEMO_SEED_USER_AGENT,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { payload: JSON.stringify(body) } : {}),
    });
    if (res.statusCode >= 300) {
      throw new DemoApiError(
        `demo story: ${method} ${path} as ${as} answered ${res.statusCode}: ${res.body.slice(0, 600)}`,
      );
    }
    return (res.body === '' ? undefined : JSON.parse(res.body)) as T;
  }
}

/**
 * Waits for the worker (intake, delivery, SLA jobs) to have done what `probe`
 * looks for: polls until it answers something other than undefined.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new DemoApiError(`demo story: gave up waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
