import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { DemoSeedRepository, SlaClocksRepository, UnitOfWork } from '@app/persistence';
import { OutboxWriter, QueueName } from '@app/queues';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DemoClient, waitFor } from './demo-client';
import { DEMO_AGENCIES, DEMO_ORGANIZATIONS, demoUser } from './demo-data';
import { DEMO_REFERRALS, referralBody } from './demo-story-data';

export interface StorySummary {
  /** False when the demo members had already filed referrals: nothing was added. */
  seeded: boolean;
  referrals: number;
  /** Member organizations filing them. */
  members: number;
  cases: number;
  dispatches: number;
  milliseconds: number;
}

interface CaseLine {
  id: string;
  status: string;
  referralCount: number;
  merchantNames: string[];
}
interface Page<T> {
  items: T[];
}
interface CaseDetail {
  referrals: { id: string; reference: string; organization: { legalName: string } }[];
  clocks: { id: string; clock: string; status: string }[];
}
interface Dispatch {
  id: string;
  status: string;
  caseId: string;
}

const COORDINATOR = 'coordinator@coalition.example';
const COORDINATOR2 = 'coordinator2@coalition.example';
const LEAD = 'lead@coalition.example';
const LEAD2 = 'lead2@coalition.example';
const METRO = 'liaison@metrocyber.example';
const METRO2 = 'liaison2@metrocyber.example';
const FCEU = 'liaison@fceu.example';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const agencyId = (name: string) => {
  const found = DEMO_AGENCIES.find((a) => a.name === name);
  if (!found) throw new Error(`no demo agency ${name}`);
  return found.id;
};

/**
 * The demo's story, told through the application's own API by the people in
 * it (see DemoClient), with the worker running beside it doing intake,
 * matching, delivery and SLA jobs as it always does. It leaves a case in
 * every state: two new ones (one past its triage deadline, with its alert),
 * one in review, one waiting for a member's answer, one awaiting a second
 * lead's approval, one RED dispatch waiting for acknowledgement with its
 * deadline near, one accepted with an outcome shared with the filers, a hold
 * and an agency question answered, and one closed.
 *
 * Two deadlines cannot be reached by waiting, so the story moves them (and
 * says so in its audit event): the overdue case's triage deadline to two hours
 * ago, and the RED dispatch's acknowledge-by to twenty hours ahead. The
 * worker then breaches the first as it would any late clock.
 *
 * It is told once: when the demo members have filed anything, it does nothing.
 */
export async function seedDemoStory(
  app: NestFastifyApplication,
  password: string,
): Promise<StorySummary> {
  const started = Date.now();
  const uow = app.get(UnitOfWork);
  const members = DEMO_ORGANIZATIONS.filter((o) => o.kind === 'member').map((o) => o.id);
  const filed = await new DemoSeedRepository().referralsFiledBy(uow.autocommit, members);
  if (filed > 0) {
    return { seeded: false, referrals: 0, members: 0, cases: 0, dispatches: 0, milliseconds: 0 };
  }

  await app.init();
  const api = new DemoClient(app, password);
  try {
    const now = new Date();
    const referralIds = new Map<string, string>();
    for (const r of DEMO_REFERRALS) {
      const draft = await api.post<{ id: string }>(r.filer, '/referrals', referralBody(r, now));
      await api.post(r.filer, `/referrals/${draft.id}/submit`);
      referralIds.set(r.key, draft.id);
    }
    const merchants = new Set(DEMO_REFERRALS.map((r) => r.merchant.legalName));
    const caseOf = await intakeDone(api, merchants.size, DEMO_REFERRALS.length);

    const s = new StorySteps(api, caseOf, referralIds);
    const routed = [
      await s.approvedRouting('Velvet Pixel Media Ltd', COORDINATOR, LEAD, {
        agency: 'Metro Cyber Unit',
        tlp: 'AMBER+STRICT',
        liaisons: [METRO, METRO2],
        infoRequest: 'velvet-eastgate',
      }),
      await s.approvedRouting('Lantern Stream Ltd', COORDINATOR2, LEAD2, {
        agency: 'Metro Cyber Unit',
        tlp: 'RED',
        liaisons: [METRO],
      }),
      await s.approvedRouting('Northwind Digital Goods LLC', COORDINATOR, LEAD2, {
        agency: 'Federal Child Exploitation Unit',
        tlp: 'AMBER',
        liaisons: [],
      }),
    ];
    await s.delivered(routed);
    const [velvet, lantern, northwind] = routed;
    await s.acceptedWithOutcome(velvet);
    await s.closed(northwind);
    await s.awaitingApproval('Cobalt Arcade Ltd');
    await s.informationRequested('Silver Fern Streaming Ltd', 'silverfern-eastgate');
    await api.post(COORDINATOR2, `/cases/${caseOf('Quartz Lane Studio LLC')}/assign`);
    await api.post(COORDINATOR2, `/cases/${caseOf('Quartz Lane Studio LLC')}/notes`, {
      body: 'Domain history requested from the registrar’s abuse desk; checking whether other members see the new domain.',
    });

    const moved = [
      await moveClock(app, api, caseOf('Pebble Cove Media Ltd'), 'triage', -2 * HOUR),
      await moveClock(app, api, lantern.caseId, 'le_acknowledgement', 20 * HOUR),
    ];
    await waitFor('the SLA alert of the overdue case', async () => {
      const alerts = await api.get<Page<{ caseId: string }>>(COORDINATOR, '/alerts?open=true');
      return alerts.items.some((a) => a.caseId === caseOf('Pebble Cove Media Ltd'))
        ? true
        : undefined;
    });

    const summary: StorySummary = {
      seeded: true,
      referrals: DEMO_REFERRALS.length,
      members: new Set(DEMO_REFERRALS.map((r) => demoUser(r.filer).organizationId)).size,
      cases: merchants.size,
      dispatches: routed.length,
      milliseconds: Date.now() - started,
    };
    await uow.run((tx) =>
      new AuditWriter().record(tx, {
        actor: SYSTEM_ACTOR,
        origin: null,
        action: 'demo.story',
        outcome: 'success',
        details: {
          referrals: summary.referrals,
          cases: summary.cases,
          dispatches: summary.dispatches,
          movedDeadlines: moved,
        },
      }),
    );
    return summary;
  } finally {
    await api.signOutAll();
  }
}

/** What became of the story: told (or found), not told for want of second factors, or failed. */
export type StoryOutcome = StorySummary | 'needs second factors' | { failed: string };

/** The start's line about the story. */
export function storyLine(story: StoryOutcome): string {
  if (story === 'needs second factors') {
    return 'Demo story: not told (MFA_REQUIRED_ROLES is set, and the demo logins have no second factor).';
  }
  if ('failed' in story) return `Demo story: could not be told (${story.failed}).`;
  if (!story.seeded) return 'Demo story: already in place (the demo members have filed before).';
  return (
    `Demo story: ${story.referrals} referrals from ${story.members} members, ${story.cases} cases in every state, ` +
    `${story.dispatches} dispatches, told through the API in ${(story.milliseconds / 1000).toFixed(1)} s.`
  );
}

/** Waits until intake has made `cases` cases of the `referrals` referrals; answers case ids by merchant. */
async function intakeDone(
  api: DemoClient,
  cases: number,
  referrals: number,
): Promise<(merchant: string) => string> {
  const lines = await waitFor('intake to match the referrals into cases', async () => {
    const page = await api.get<Page<CaseLine>>(COORDINATOR, '/cases?limit=100');
    const count = page.items.reduce((n, c) => n + c.referralCount, 0);
    return page.items.length === cases && count === referrals ? page.items : undefined;
  });
  return (merchant) => {
    const line = lines.find((c) => c.merchantNames.includes(merchant));
    if (!line) throw new Error(`demo story: no case about ${merchant}`);
    return line.id;
  };
}

/**
 * Moves a running clock of the case by `offsetMs` from now (the repository
 * call a renewed hold uses) and queues its due job for the new time.
 */
async function moveClock(
  app: NestFastifyApplication,
  api: DemoClient,
  caseId: string,
  clock: string,
  offsetMs: number,
): Promise<{ caseId: string; clock: string; dueAt: string }> {
  const detail = await api.get<CaseDetail>(COORDINATOR, `/cases/${caseId}`);
  const found = detail.clocks.find((c) => c.clock === clock && c.status === 'running');
  if (!found) throw new Error(`demo story: no running ${clock} clock on case ${caseId}`);
  const dueAt = new Date(Date.now() + offsetMs);
  await app.get(UnitOfWork).run(async (tx) => {
    await new SlaClocksRepository().moveDue(tx, found.id, dueAt);
    await new OutboxWriter().enqueue(
      tx,
      QueueName.Sla,
      'clock-due',
      { organizationId: null, clockId: found.id },
      { availableAt: dueAt },
    );
  });
  return { caseId, clock, dueAt: dueAt.toISOString() };
}

/** The story's steps on cases and dispatches, each as the person who takes it. */
class StorySteps {
  constructor(
    private readonly api: DemoClient,
    private readonly caseOf: (merchant: string) => string,
    private readonly referralIds: Map<string, string>,
  ) {}

  /** Assigned, proposed by `coordinator` and approved by `approver`; the worker then delivers. */
  async approvedRouting(
    merchant: string,
    coordinator: string,
    approver: string,
    plan: { agency: string; tlp: string; liaisons: string[]; infoRequest?: string },
  ): Promise<{ caseId: string; agencyId: string }> {
    const caseId = this.caseOf(merchant);
    await this.api.post(coordinator, `/cases/${caseId}/assign`);
    if (plan.infoRequest) {
      const request = await this.api.post<{ id: string }>(
        coordinator,
        `/cases/${caseId}/info-requests`,
        {
          referralId: this.referral(plan.infoRequest),
          question: 'Did any of the disputed payments come from the same device or IP address?',
        },
      );
      const filer = DEMO_REFERRALS.find((r) => r.key === plan.infoRequest)?.filer as string;
      await this.api.post(filer, `/info-requests/${request.id}/answer`, {
        answer: 'Yes: both disputed payments came from one device, seen again on a third card.',
      });
    }
    const agency = agencyId(plan.agency);
    await this.api.post(coordinator, `/cases/${caseId}/propose`, {
      agencyIds: [agency],
      tlp: plan.tlp,
      rationale: `${merchant} is registered in the agency’s jurisdiction, where its payments are processed.`,
      ...(plan.liaisons.length > 0
        ? {
            namedLiaisons: [
              { agencyId: agency, liaisonIds: plan.liaisons.map((e) => demoUser(e).id) },
            ],
          }
        : {}),
    });
    await this.api.post(approver, `/cases/${caseId}/approve`);
    return { caseId, agencyId: agency };
  }

  /** Waits for the worker to deliver every dispatch (portal agencies: at once). */
  async delivered(routed: { caseId: string }[]): Promise<void> {
    for (const r of routed) {
      await waitFor(`delivery of case ${r.caseId}`, async () => {
        const page = await this.api.get<Page<Dispatch>>(
          COORDINATOR,
          `/dispatches?caseId=${r.caseId}`,
        );
        return page.items.length > 0 && page.items.every((d) => d.status === 'delivered')
          ? true
          : undefined;
      });
    }
  }

  /** Accepted with a case number and an outcome shared with the filers; a hold, a question answered. */
  async acceptedWithOutcome(routed: { caseId: string }): Promise<void> {
    const id = await this.dispatchOf(routed.caseId);
    await this.api.post(METRO, `/dispatches/${id}/acknowledge`);
    await this.api.post(METRO, `/dispatches/${id}/accept`, { leCaseNumber: 'MCU-2026-0117' });
    await this.api.post(METRO, `/dispatches/${id}/outcome`, {
      outcome: 'investigation_opened',
      note: 'Warrant for the merchant’s hosting records applied for.',
      shareCaseNumberWithFilers: true,
    });
    await this.api.post(METRO, `/dispatches/${id}/holds`, {
      scope: 'do_not_terminate',
      reason: 'Keep the merchant account open while the investigation gathers evidence.',
      documentRef: 'MCU/2026/0117/H1',
      expiresAt: new Date(Date.now() + 21 * DAY).toISOString(),
    });
    const northbank = this.referral('velvet-northbank');
    const referral = await this.api.get<{ reference: string }>(
      'officer@northbank.example',
      `/referrals/${northbank}`,
    );
    const question = await this.api.post<{ id: string }>(METRO, `/dispatches/${id}/questions`, {
      referralReference: referral.reference,
      body: 'Which payment page did the cardholders reach before paying?',
    });
    await this.api.post(
      'officer@northbank.example',
      `/referrals/${northbank}/questions/${question.id}/answer`,
      { answer: 'The "private collections" page of the checkout; the link is in the referral.' },
    );
    await this.api.post('officer@northbank.example', `/referrals/${northbank}/member-actions`, {
      action: 'enhanced_monitoring',
      date: new Date().toISOString().slice(0, 10),
      note: 'Account kept open under the agency’s hold; payments monitored daily.',
    });
  }

  async closed(routed: { caseId: string }): Promise<void> {
    const id = await this.dispatchOf(routed.caseId);
    await this.api.post(FCEU, `/dispatches/${id}/acknowledge`);
    await this.api.post(FCEU, `/dispatches/${id}/accept`, { leCaseNumber: 'FCEU-26-0458' });
    await this.api.post(FCEU, `/dispatches/${id}/outcome`, {
      outcome: 'merchant_disrupted',
      shareCaseNumberWithFilers: true,
    });
    await this.api.post(COORDINATOR, `/cases/${routed.caseId}/close`, {
      outcome:
        'Accepted by the agency, which took the merchant down; nothing left for the coalition.',
    });
  }

  /** Proposed by the first lead, so only the second lead may approve it (four eyes). */
  async awaitingApproval(merchant: string): Promise<void> {
    const caseId = this.caseOf(merchant);
    const metro = agencyId('Metro Cyber Unit');
    await this.api.post(LEAD, `/cases/${caseId}/assign`);
    await this.api.post(LEAD, `/cases/${caseId}/propose`, {
      agencyIds: [metro],
      tlp: 'AMBER+STRICT',
      rationale:
        'Both members report the same merchant id of a GB acquirer; Metro Cyber Unit covers GB.',
      namedLiaisons: [{ agencyId: metro, liaisonIds: [demoUser(METRO).id, demoUser(METRO2).id] }],
    });
  }

  async informationRequested(merchant: string, referralKey: string): Promise<void> {
    const caseId = this.caseOf(merchant);
    await this.api.post(COORDINATOR, `/cases/${caseId}/assign`);
    await this.api.post(COORDINATOR, `/cases/${caseId}/info-requests`, {
      referralId: this.referral(referralKey),
      question: 'Could you send the dates and amounts of every payment the family reported?',
    });
  }

  private referral(key: string): string {
    const id = this.referralIds.get(key);
    if (!id) throw new Error(`demo story: no referral ${key}`);
    return id;
  }

  private async dispatchOf(caseId: string): Promise<string> {
    const page = await this.api.get<Page<Dispatch>>(COORDINATOR, `/dispatches?caseId=${caseId}`);
    return page.items[0].id;
  }
}
