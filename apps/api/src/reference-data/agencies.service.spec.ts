import type { AccessService } from '@app/auth';
import { AppConfig, ConflictProblem, ValidationProblem, type Environment } from '@app/common';
import { scopeOf } from '@app/domain';
import {
  InMemoryAgenciesRepository,
  InMemoryJurisdictionsRepository,
  InMemoryUnitOfWork,
  type NewAgency,
} from '@app/persistence';
import { AgenciesService } from './agencies.service';
import type { CreateAgencyDto } from './dto/agency.dto';
import { META, PLATFORM_ADMIN, RecordingAuditWriter } from './test-support';

const LAW_ENFORCEMENT = '00000000-0000-4000-8000-000000000001';
const OTHER_POLICE = '00000000-0000-4000-8000-000000000002';
const MEMBER_BANK = '00000000-0000-4000-8000-000000000003';
const SUSPENDED_POLICE = '00000000-0000-4000-8000-000000000004';
const SECRET = 's'.repeat(40);

/** What each host name resolves to; an unknown name does not resolve. */
const DNS: Record<string, string[]> = {
  'hooks.police.example': ['93.184.216.34'],
  'intranet.police.example': ['93.184.216.35', '10.1.2.3'],
};

function problemsOf(error: unknown): Record<string, string[]> {
  const problem = error as ValidationProblem;
  return Object.fromEntries((problem.fieldErrors ?? []).map((p) => [p.field, p.messages]));
}

describe('AgenciesService', () => {
  let agencies: InMemoryAgenciesRepository;
  let jurisdictions: InMemoryJurisdictionsRepository;
  let uow: InMemoryUnitOfWork;
  let audit: RecordingAuditWriter;
  let service: AgenciesService;
  let lookups: string[];

  beforeEach(async () => {
    agencies = new InMemoryAgenciesRepository();
    jurisdictions = new InMemoryJurisdictionsRepository();
    uow = new InMemoryUnitOfWork();
    audit = new RecordingAuditWriter();
    lookups = [];
    for (const [id, kind, status] of [
      [LAW_ENFORCEMENT, 'law_enforcement', 'active'],
      [OTHER_POLICE, 'law_enforcement', 'active'],
      [MEMBER_BANK, 'member', 'active'],
      [SUSPENDED_POLICE, 'law_enforcement', 'suspended'],
    ] as const) {
      agencies.organizations.set(id, { id, kind, status });
    }
    for (const code of ['GB', 'FR']) {
      await jurisdictions.insert(uow.tx, {
        code,
        name: code,
        csamSpecificLaw: 'yes',
        csamDefined: 'yes',
        technologyFacilitatedOffences: 'yes',
        simplePossessionCriminalised: 'yes',
        ispReportingRequired: 'unknown',
        sourceEdition: null,
        reviewedOn: null,
        hotline: false,
        isDemo: false,
      });
    }
    const config = new AppConfig({
      FIELD_ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
      NODE_ENV: 'test',
      WEBHOOK_ALLOW_HTTP: false,
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: false,
    } as unknown as Environment);
    const access = {
      scopeFilter: scopeOf,
    } as unknown as AccessService;
    service = new AgenciesService(
      uow as never,
      agencies,
      jurisdictions,
      access,
      audit.asWriter(),
      config,
      (host) => {
        lookups.push(host);
        return Promise.resolve(DNS[host] ?? []);
      },
    );
  });

  const create = (dto: Partial<CreateAgencyDto>) =>
    service.create(
      PLATFORM_ADMIN,
      { organizationId: LAW_ENFORCEMENT, name: 'Metro Cyber Unit', ...dto },
      META,
    );

  async function existing(values: Partial<NewAgency>): Promise<void> {
    await agencies.insert(uow.tx, {
      id: '00000000-0000-4000-8000-0000000000e1',
      organizationId: OTHER_POLICE,
      name: 'International Liaison Desk',
      channels: ['portal'],
      webhookUrl: null,
      webhookSecret: null,
      contactEmail: null,
      contactPhone: null,
      isFallback: false,
      active: true,
      isDemo: false,
      ...values,
    });
  }

  describe('coverage', () => {
    it('should name each malformed, unrecorded or repeated code by its index, and create nothing', async () => {
      const refused = await create({ coverage: ['GB', 'DE', 'GB', 'g1'] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationProblem);
      expect(problemsOf(refused)).toEqual({
        'coverage[1]': ['DE is not a recorded jurisdiction; create the jurisdiction first'],
        'coverage[2]': ['GB is listed twice'],
        'coverage[3]': ['Country covered 4 must be a two-letter country code, such as GB'],
      });
      expect(agencies.rows.size).toBe(0);
      expect(audit.records).toHaveLength(0);
    });

    it('should store and answer the covered codes once each, in code order', async () => {
      const created = await create({ coverage: ['GB', 'FR'] });
      expect(created.coverage).toEqual(['FR', 'GB']);
      expect(await agencies.coverageOf(uow.tx, [created.id])).toEqual(
        new Map([[created.id, ['FR', 'GB']]]),
      );
      expect(audit.records[0]).toMatchObject({
        action: 'agency.create',
        details: { coverage: ['FR', 'GB'], organizationId: LAW_ENFORCEMENT },
      });
    });

    it('should audit a coverage update only when the set of codes changes', async () => {
      const created = await create({ coverage: ['GB'] });
      await service.update(PLATFORM_ADMIN, created.id, { coverage: ['GB'] }, META);
      await service.update(PLATFORM_ADMIN, created.id, { coverage: ['FR', 'GB'] }, META);
      expect(audit.records.map((r) => [r.action, r.details])).toEqual([
        ['agency.create', expect.anything()],
        ['agency.update', { changed: ['coverage'] }],
      ]);
    });
  });

  describe('owner', () => {
    it.each([
      [MEMBER_BANK, 'must be a law-enforcement organization'],
      [SUSPENDED_POLICE, 'must be an active organization'],
      ['00000000-0000-4000-8000-0000000000ff', 'is not an existing organization'],
    ])('should refuse organization %s: %s', async (organizationId, message) => {
      const refused = await create({ organizationId }).catch((e: unknown) => e);
      expect(problemsOf(refused)).toEqual({ organizationId: [`Organization ${message}`] });
    });

    it('should refuse a second agency for one organization (409 agency_exists)', async () => {
      await existing({ organizationId: LAW_ENFORCEMENT });
      await expect(create({})).rejects.toMatchObject({ code: 'agency_exists' });
    });

    it('should answer a race lost to the unique index as the check would', async () => {
      await existing({ organizationId: LAW_ENFORCEMENT });
      agencies.existsForOrganization = () => Promise.resolve(false);
      const refused = await create({}).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ConflictProblem);
      expect(refused).toMatchObject({ code: 'agency_exists' });
      expect(uow.rollbacks).toBe(1);
    });
  });

  describe('fallback', () => {
    it('should refuse a second active fallback, naming the one in place', async () => {
      await existing({ isFallback: true });
      await expect(create({ isFallback: true })).rejects.toMatchObject({
        code: 'fallback_exists',
        message: expect.stringContaining('International Liaison Desk'),
      });
    });

    it('should allow an inactive second fallback, and refuse activating it', async () => {
      await existing({ isFallback: true });
      const created = await create({ isFallback: true, active: false });
      await expect(
        service.update(PLATFORM_ADMIN, created.id, { active: true }, META),
      ).rejects.toMatchObject({ code: 'fallback_exists' });
    });
  });

  describe('webhook channel', () => {
    it('should require a URL and a secret for the webhook channel', async () => {
      const refused = await create({ channels: ['webhook'] }).catch((e: unknown) => e);
      expect(problemsOf(refused)).toEqual({
        webhookUrl: ['Webhook address is required for the webhook channel'],
        webhookSecret: ['Webhook secret is required for the webhook channel'],
      });
    });

    it('should refuse a host that resolves to any private address, before opening a transaction', async () => {
      const refused = await create({
        channels: ['webhook'],
        webhookUrl: 'https://intranet.police.example/hook',
        webhookSecret: SECRET,
      }).catch((e: unknown) => e);
      const messages = problemsOf(refused).webhookUrl ?? [];
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain('private network address');
      // The address itself is not the caller's to learn.
      expect(messages[0]).not.toContain('10.1.2.3');
      expect(lookups).toEqual(['intranet.police.example']);
      expect(uow.commits + uow.rollbacks).toBe(1);
      expect(agencies.rows.size).toBe(0);
    });

    it('should refuse plain http and a host that does not resolve, and not report the URL twice', async () => {
      const http = await create({
        channels: ['webhook'],
        webhookUrl: 'http://hooks.police.example/hook',
        webhookSecret: SECRET,
      }).catch((e: unknown) => e);
      expect(Object.keys(problemsOf(http))).toEqual(['webhookUrl']);
      const unknown = await create({
        channels: ['webhook'],
        webhookUrl: 'https://nowhere.police.example/hook',
        webhookSecret: SECRET,
      }).catch((e: unknown) => e);
      expect(problemsOf(unknown).webhookUrl?.[0]).toContain('could not be resolved');
    });

    it('should seal the secret, answer only that one is set, and audit it by name alone', async () => {
      const created = await create({
        channels: ['portal', 'webhook'],
        webhookUrl: 'https://hooks.police.example/hook',
        webhookSecret: SECRET,
      });
      expect(created).toMatchObject({ webhookSecretSet: true });
      expect(JSON.stringify(created)).not.toContain(SECRET);
      const stored = agencies.rows.get(created.id);
      expect(stored?.webhookSecret).toMatchObject({ hint: '' });
      expect(JSON.stringify(stored)).not.toContain(SECRET);
      expect(JSON.stringify(audit.records)).not.toContain(SECRET);
      expect(audit.records[0].details).toMatchObject({
        changed: expect.arrayContaining(['webhookSecret', 'webhookUrl', 'channels']),
      });
    });

    it('should refuse removing the secret while the webhook channel stays', async () => {
      const created = await create({
        channels: ['webhook'],
        webhookUrl: 'https://hooks.police.example/hook',
        webhookSecret: SECRET,
      });
      const refused = await service
        .update(PLATFORM_ADMIN, created.id, { webhookSecret: null }, META)
        .catch((e: unknown) => e);
      expect(problemsOf(refused)).toEqual({
        webhookSecret: ['Webhook secret is required for the webhook channel'],
      });
      expect(agencies.rows.get(created.id)?.webhookSecret).not.toBeNull();
    });
  });
});
