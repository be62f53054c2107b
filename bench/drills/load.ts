import { randomUUID } from 'node:crypto';
import { describe, DrillClient, ok, bodyOf, type Outcome } from './client';
import { log, sleep } from './infra';
import type { Login, Stack } from './stack';

export const MERCHANT_COUNTRY = 'MT';

/** A complete, valid referral about the merchant at `domain` (as a member's system files it). */
export function referralBody(domain: string) {
  return {
    category: 'commercial_csam_sale',
    indicators: ['descriptor_mismatch', 'high_risk_mcc_misuse'],
    priority: 'P2',
    // The routing load proposes AMBER: a filing marked stricter would need a downgrade or named liaisons.
    tlp: 'AMBER',
    observedFrom: '2026-10-01',
    observedTo: '2026-10-20',
    totalAmount: { value: '1520.50', currency: 'EUR' },
    narrative:
      'Card payments to a merchant whose descriptor does not match its stated business; ' +
      'small repeated purchases from many cards in a short window.',
    merchant: {
      legalName: `Merchant ${domain}`,
      tradingNames: [],
      descriptors: ['DIGITAL GOODS LTD'],
      country: MERCHANT_COUNTRY,
      mcc: '5816',
      acquirer: { name: 'Example Acquiring', country: MERCHANT_COUNTRY, bin: '411111' },
      merchantIds: [],
      websites: [`https://www.${domain}/store`],
      emails: [],
      phones: [],
      taxId: 'MT12345678',
      principals: [{ name: 'A. Principal', countryOfResidence: 'MT', nationalId: 'AB123456C' }],
    },
    observables: [
      {
        type: 'url',
        value: `https://${domain}/checkout`,
        viewedByReporter: false,
        publiclyAvailable: true,
      },
      { type: 'card', value: '411111******1111' },
    ],
    transactions: [
      { date: '2026-10-02', amount: '49.99', currency: 'EUR', rail: 'card', direction: 'outbound' },
    ],
    acknowledgeReportingDuty: true,
  };
}

export interface Actors {
  admin: Login;
  coordinator: Login;
  lead: Login;
  filers: Login[];
  agencies: string[];
}

/** How the drill's agencies receive dispatches: the portal, or also a webhook. */
export interface AgencyDelivery {
  webhookUrl: string;
  webhookSecret: string;
}

/**
 * Reference data and users: a jurisdiction, two agencies (portal, or webhook
 * too when `delivery` is given), coalition staff, filers.
 */
export async function setUp(
  stack: Stack,
  filers: number,
  delivery?: AgencyDelivery,
): Promise<Actors> {
  const admin = await stack.seedAndLogin('platform_admin', 'coalition');
  const coordinator = await stack.seedAndLogin('coordinator', 'coalition', admin.orgId);
  const lead = await stack.seedAndLogin('lead_coordinator', 'coalition', admin.orgId);
  const list: Login[] = [];
  for (let i = 0; i < filers; i++) list.push(await stack.seedAndLogin('member_reporter', 'member'));
  const client = new DrillClient(stack.apiPort, 10_000);
  try {
    const j = await client.call('POST', '/jurisdictions', admin.token, {
      code: MERCHANT_COUNTRY,
      name: 'Drill jurisdiction',
      csamSpecificLaw: 'yes',
      hotline: true,
    });
    if (j.kind !== 'response' || (j.status !== 201 && j.status !== 409)) {
      throw new Error(`creating the jurisdiction failed: ${JSON.stringify(j)}`);
    }
    const agencies: string[] = [];
    for (let i = 0; i < 2; i++) {
      const le = await stack.seedUser('le_liaison', 'law_enforcement');
      const res = await client.call('POST', '/agencies', admin.token, {
        organizationId: le.orgId,
        name: `Drill agency ${i + 1} ${randomUUID().slice(0, 6)}`,
        coverage: [MERCHANT_COUNTRY],
        ...(delivery ? { channels: ['portal', 'webhook'], ...delivery } : { channels: ['portal'] }),
      });
      const body = bodyOf<{ id: string }>(res);
      if (!ok(res) || !body) throw new Error(`creating an agency failed: ${JSON.stringify(res)}`);
      agencies.push(body.id);
    }
    return { admin, coordinator, lead, filers: list, agencies };
  } finally {
    client.close();
  }
}

export interface FilingStats {
  created: number;
  submitted: string[];
  createFailures: Record<string, number>;
  submitFailures: Record<string, number>;
  skippedTicks: number;
}

export interface RoutingStats {
  attempted: number;
  approvedAck: string[];
  failures: Record<string, number>;
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

/**
 * Files at a steady rate: each tick creates a referral and submits it. Half
 * the referrals are about a few shared merchants (intake attaches them to an
 * existing case), half about merchants of their own (intake opens a case).
 */
export class FilingLoad {
  readonly stats: FilingStats = {
    created: 0,
    submitted: [],
    createFailures: {},
    submitFailures: {},
    skippedTicks: 0,
  };
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly shared = Array.from(
    { length: 5 },
    () => `shared-${randomUUID().slice(0, 6)}.example`,
  );

  constructor(
    private readonly client: DrillClient,
    private readonly filers: Login[],
    private readonly perSecond: number,
    private readonly maxInFlight = 40,
  ) {}

  start(): void {
    let n = 0;
    this.timer = setInterval(() => {
      if (this.inFlight.size >= this.maxInFlight) {
        this.stats.skippedTicks += 1;
        return;
      }
      const filer = this.filers[n++ % this.filers.length];
      const domain =
        Math.random() < 0.5
          ? this.shared[Math.floor(Math.random() * this.shared.length)]
          : `own-${randomUUID().slice(0, 8)}.example`;
      const p = this.fileOne(filer, domain).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }, 1000 / this.perSecond);
  }

  private async fileOne(filer: Login, domain: string): Promise<void> {
    const created = await this.client.call('POST', '/referrals', filer.token, referralBody(domain));
    const id = bodyOf<{ id?: string }>(created)?.id;
    if (!ok(created) || !id) {
      bump(this.stats.createFailures, describe(created));
      return;
    }
    this.stats.created += 1;
    const submitted = await this.client.call('POST', `/referrals/${id}/submit`, filer.token);
    if (ok(submitted)) this.stats.submitted.push(id);
    else bump(this.stats.submitFailures, describe(submitted));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }
}

/**
 * The coordinator/lead flow running next to the filing: a coordinator claims a
 * case in triage and proposes routing to one or both agencies; the lead (a
 * different person) approves, which creates the dispatches.
 */
export class RoutingLoad {
  readonly stats: RoutingStats = { attempted: 0, approvedAck: [], failures: {} };
  private stopped = false;
  private loop?: Promise<void>;
  private readonly tried = new Set<string>();

  constructor(
    private readonly stack: Stack,
    private readonly client: DrillClient,
    private readonly actors: Actors,
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await sleep(this.everyMs);
      if (this.stopped) break;
      let rows: { id: string }[] = [];
      try {
        rows = await this.stack.ds!.query<{ id: string }[]>(
          `SELECT id FROM cases WHERE status = 'triage' AND assignee_id IS NULL
            ORDER BY random() LIMIT 3`,
        );
      } catch {
        continue; // PostgreSQL is restarting
      }
      const next = rows.find((r) => !this.tried.has(r.id));
      if (next) await this.route(next.id);
    }
  }

  private async route(caseId: string): Promise<void> {
    this.tried.add(caseId);
    this.stats.attempted += 1;
    const { coordinator, lead, agencies } = this.actors;
    const step = async (name: string, o: Promise<Outcome>): Promise<boolean> => {
      const res = await o;
      if (!ok(res)) bump(this.stats.failures, `${name}:${describe(res)}`);
      return ok(res);
    };
    if (
      !(await step(
        'assign',
        this.client.call('POST', `/cases/${caseId}/assign`, coordinator.token),
      ))
    )
      return;
    const targets = Math.random() < 0.5 ? agencies.slice(0, 1) : agencies;
    const proposed = await step(
      'propose',
      this.client.call('POST', `/cases/${caseId}/propose`, coordinator.token, {
        agencyIds: targets,
        tlp: 'AMBER',
        rationale: 'Merchant registered and acquired in the drill jurisdiction.',
      }),
    );
    if (!proposed) return;
    if (await step('approve', this.client.call('POST', `/cases/${caseId}/approve`, lead.token))) {
      this.stats.approvedAck.push(caseId);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }
}

export function summarise(label: string, s: FilingStats): void {
  log(
    `${label}: created ${s.created}, submitted (2xx) ${s.submitted.length}, ` +
      `create failures ${JSON.stringify(s.createFailures)}, submit failures ${JSON.stringify(s.submitFailures)}, ` +
      `skipped ticks ${s.skippedTicks}`,
  );
}
