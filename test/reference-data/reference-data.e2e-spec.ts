import { FieldCipher, parseFieldKeys, type FieldProblem } from '@app/common';
import type { Role } from '@app/domain';
import {
  AgenciesRepository,
  AgencyCoverageEntity,
  AgencyEntity,
  AuditEventEntity,
  dataSourceOptions,
  JurisdictionEntity,
  JurisdictionsRepository,
  RoutingRepository,
  UnitOfWork,
  type OrganizationEntity,
  type SealedField,
} from '@app/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { RoutingService } from '../../apps/api/src/routing/routing.service';
import { seedDemo } from '../../apps/standalone/src/demo-seed';
import { createScratchDatabase } from '../support/scratch-database';
import { createOrganization, signedInUser, uniqueSuffix, type Session } from '../support/factories';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

/**
 * Valid ISO 3166-1 codes that other specs are unlikely to use. Each test takes
 * codes not yet recorded, so this spec never collides with another's data.
 */
const SPARE_CODES = [
  'TV',
  'NR',
  'KI',
  'PW',
  'TO',
  'WS',
  'FJ',
  'VU',
  'SB',
  'MH',
  'FM',
  'CK',
  'NU',
  'TK',
  'WF',
  'PF',
  'NC',
  'PN',
  'AS',
  'GU',
  'MP',
  'BT',
  'MV',
  'LI',
  'SM',
  'AD',
  'MC',
  'VA',
  'MT',
  'IS',
  'FO',
  'GL',
  'AX',
  'SJ',
  'BV',
  'HM',
  'CC',
  'CX',
  'NF',
  'IO',
  'TC',
  'VG',
  'AI',
  'MS',
  'KY',
];

/** A public address (no DNS needed) for webhook URLs that must be accepted. */
const PUBLIC_HOOK = 'https://93.184.215.14/hooks/referrals';

const errorsOf = (body: unknown): FieldProblem[] =>
  (body as { errors?: FieldProblem[] }).errors ?? [];
const fieldsOf = (body: unknown): string[] => errorsOf(body).map((e) => e.field);
const messageOf = (body: unknown, field: string): string =>
  errorsOf(body)
    .filter((e) => e.field === field)
    .flatMap((e) => e.messages)
    .join(' ');

describe('Reference data: jurisdictions and agencies (e2e)', () => {
  let api: TestApi;
  const sessions = {} as Record<Role, Session>;
  let adminUserId: string;
  const taken = new Set<string>();

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-reference-data` });
    const roles: Role[] = [
      'platform_admin',
      'coordinator',
      'lead_coordinator',
      'member_reporter',
      'member_admin',
      'le_liaison',
      'auditor',
    ];
    for (const role of roles) {
      const { session, user } = await signedInUser(api.dataSource, api.http, role);
      sessions[role] = session;
      if (role === 'platform_admin') adminUserId = user.id;
    }
  });
  afterAll(async () => {
    await api.close();
  });

  const admin = () => sessions.platform_admin.auth;

  /** Codes nobody has recorded yet (and this spec has not handed out). */
  async function freeCodes(n: number): Promise<string[]> {
    const existing = new Set(
      (
        await api.dataSource.manager.find(JurisdictionEntity, {
          where: { code: In(SPARE_CODES) },
          select: { code: true },
        })
      ).map((j) => j.code),
    );
    const free = SPARE_CODES.filter((c) => !existing.has(c) && !taken.has(c)).slice(0, n);
    if (free.length < n) throw new Error('ran out of spare jurisdiction codes');
    free.forEach((c) => taken.add(c));
    return free;
  }

  async function createJurisdiction(code: string, extra: object = {}) {
    const res = await api.http
      .post(`${V1}/jurisdictions`)
      .set(admin())
      .send({ code, name: `Test land ${code}`, ...extra });
    expect(res.status).toBe(201);
    return res.body as { code: string; version: number };
  }

  async function lawEnforcementOrg(overrides: Partial<OrganizationEntity> = {}) {
    return createOrganization(api.dataSource, 'law_enforcement', overrides);
  }

  async function createAgency(body: object) {
    const res = await api.http.post(`${V1}/agencies`).set(admin()).send(body);
    expect(res.status).toBe(201);
    return res.body as AgencyBody;
  }

  interface AgencyBody {
    id: string;
    organizationId: string;
    name: string;
    coverage: string[];
    channels: string[];
    webhookUrl: string | null;
    webhookSecretSet: boolean;
    isFallback: boolean;
    active: boolean;
    version: number;
  }

  const adminAudit = (action: string, targetId: string) =>
    api.dataSource.manager.find(AuditEventEntity, {
      where: { actorUserId: adminUserId, action, targetId },
      order: { id: 'ASC' },
    });
  const adminAuditCount = () =>
    api.dataSource.manager.countBy(AuditEventEntity, { actorUserId: adminUserId });

  describe('who may do what', () => {
    it('should let coordinators and leads read but not change reference data (403)', async () => {
      const [code] = await freeCodes(1);
      await createJurisdiction(code);
      for (const role of ['coordinator', 'lead_coordinator'] as const) {
        const auth = sessions[role].auth;
        await api.http.get(`${V1}/jurisdictions`).set(auth).expect(200);
        await api.http.get(`${V1}/jurisdictions/${code}`).set(auth).expect(200);
        await api.http.get(`${V1}/agencies`).set(auth).expect(200);
        await api.http
          .post(`${V1}/jurisdictions`)
          .set(auth)
          .send({ code: 'ZW', name: 'x' })
          .expect(403);
        await api.http
          .patch(`${V1}/jurisdictions/${code}`)
          .set(auth)
          .send({ hotline: true })
          .expect(403);
        await api.http.post(`${V1}/agencies`).set(auth).send({}).expect(403);
        await api.http.patch(`${V1}/agencies/${randomUUID()}`).set(auth).send({}).expect(403);
      }
      const row = await api.dataSource.manager.findOneByOrFail(JurisdictionEntity, { code });
      expect(row.hotline).toBe(false);
    });

    it.each(['member_reporter', 'member_admin', 'le_liaison', 'auditor'] as const)(
      'should refuse every reference-data route to %s (403)',
      async (role) => {
        const auth = sessions[role].auth;
        await api.http.get(`${V1}/jurisdictions`).set(auth).expect(403);
        await api.http.get(`${V1}/jurisdictions/GB`).set(auth).expect(403);
        await api.http.post(`${V1}/jurisdictions`).set(auth).send({}).expect(403);
        await api.http.patch(`${V1}/jurisdictions/GB`).set(auth).send({}).expect(403);
        await api.http.get(`${V1}/agencies`).set(auth).expect(403);
        await api.http.get(`${V1}/agencies/${randomUUID()}`).set(auth).expect(403);
        await api.http.post(`${V1}/agencies`).set(auth).send({}).expect(403);
        await api.http.patch(`${V1}/agencies/${randomUUID()}`).set(auth).send({}).expect(403);
      },
    );

    it('should ask for credentials first (401)', async () => {
      await api.http.get(`${V1}/jurisdictions`).expect(401);
      await api.http.get(`${V1}/agencies`).expect(401);
    });
  });

  describe('jurisdictions', () => {
    it('should create one with the code upper-cased, unknown criteria by default, and audit it', async () => {
      const [code] = await freeCodes(1);
      const res = await api.http.post(`${V1}/jurisdictions`).set(admin()).send({
        code: code.toLowerCase(),
        name: '  Test land  ',
        csamDefined: 'yes',
        hotline: true,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        code,
        name: 'Test land',
        csamSpecificLaw: 'unknown',
        csamDefined: 'yes',
        technologyFacilitatedOffences: 'unknown',
        simplePossessionCriminalised: 'unknown',
        ispReportingRequired: 'unknown',
        sourceEdition: null,
        reviewedOn: null,
        hotline: true,
        isDemo: false,
        version: 1,
        createdAt: expect.stringMatching(/Z$/) as unknown,
        updatedAt: expect.stringMatching(/Z$/) as unknown,
      });
      const events = await adminAudit('jurisdiction.create', code);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        outcome: 'success',
        targetType: 'jurisdiction',
        details: { changed: ['name', 'csamDefined', 'hotline'] },
      });
      expect(events[0].requestId).toBe(res.headers['x-request-id']);
    });

    it('should read one (any letter case in the path) and list all by code', async () => {
      const [a, b] = await freeCodes(2);
      await createJurisdiction(b);
      await createJurisdiction(a, { sourceEdition: '10th edition', reviewedOn: '2025-06-30' });
      const one = await api.http.get(`${V1}/jurisdictions/${a.toLowerCase()}`).set(admin());
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({
        code: a,
        sourceEdition: '10th edition',
        reviewedOn: '2025-06-30',
      });
      const list = await api.http.get(`${V1}/jurisdictions`).set(admin());
      expect(list.status).toBe(200);
      const codes = (list.body.items as { code: string }[]).map((j) => j.code);
      expect(codes).toEqual([...codes].sort());
      expect(codes).toEqual(expect.arrayContaining([a, b]));
    });

    it('should answer 404 for a code nobody recorded and 400 for a malformed one', async () => {
      const [code] = await freeCodes(1);
      await api.http.get(`${V1}/jurisdictions/${code}`).set(admin()).expect(404);
      await api.http
        .patch(`${V1}/jurisdictions/${code}`)
        .set(admin())
        .send({ hotline: true })
        .expect(404);
      const bad = await api.http.get(`${V1}/jurisdictions/GBR`).set(admin());
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['code']);
    });

    it('should refuse a second jurisdiction with the same code (409) and keep the first', async () => {
      const [code] = await freeCodes(1);
      await createJurisdiction(code, { hotline: true });
      const again = await api.http
        .post(`${V1}/jurisdictions`)
        .set(admin())
        .send({ code, name: 'Duplicate' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('jurisdiction_exists');
      const row = await api.dataSource.manager.findOneByOrFail(JurisdictionEntity, { code });
      expect(row).toMatchObject({ name: `Test land ${code}`, hotline: true });
    });

    it('should name every bad field and create nothing', async () => {
      const [code] = await freeCodes(1);
      const auditBefore = await adminAuditCount();
      const res = await api.http.post(`${V1}/jurisdictions`).set(admin()).send({
        code: 'ZZ',
        name: '',
        csamSpecificLaw: 'maybe',
        csamDefined: null,
        reviewedOn: '2025-02-30',
        hotline: 'yes',
        isDemo: true,
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body).sort()).toEqual(
        [
          'code',
          'csamDefined',
          'csamSpecificLaw',
          'hotline',
          'isDemo',
          'name',
          'reviewedOn',
        ].sort(),
      );
      expect(messageOf(res.body, 'code')).toMatch(/two-letter country code/);
      expect(messageOf(res.body, 'csamSpecificLaw')).toMatch(/'yes', 'no' or 'unknown'/);
      expect(messageOf(res.body, 'isDemo')).toBe('Is demo is not a known field');

      for (const body of [
        { code: 'GBR', name: 'x' },
        { code, name: 'x', reviewedOn: '2999-01-01' },
        { code, name: 'x', sourceEdition: '   ' },
      ]) {
        const r = await api.http.post(`${V1}/jurisdictions`).set(admin()).send(body);
        expect(r.status).toBe(400);
      }
      expect(await api.dataSource.manager.existsBy(JurisdictionEntity, { code })).toBe(false);
      expect(await adminAuditCount()).toBe(auditBefore);
    });

    it('should update the given fields under a new version, audit the changed names, and ignore no-ops', async () => {
      const [code] = await freeCodes(1);
      await createJurisdiction(code, { csamSpecificLaw: 'no', sourceEdition: 'ninth' });
      const res = await api.http
        .patch(`${V1}/jurisdictions/${code}`)
        .set(admin())
        .send({
          csamSpecificLaw: 'yes',
          ispReportingRequired: 'no',
          sourceEdition: null,
          reviewedOn: '2026-01-15',
          name: `Test land ${code}`,
        });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        code,
        csamSpecificLaw: 'yes',
        ispReportingRequired: 'no',
        sourceEdition: null,
        reviewedOn: '2026-01-15',
        version: 2,
      });
      const events = await adminAudit('jurisdiction.update', code);
      expect(events.map((e) => e.details)).toEqual([
        { changed: ['csamSpecificLaw', 'ispReportingRequired', 'sourceEdition', 'reviewedOn'] },
      ]);

      const same = await api.http
        .patch(`${V1}/jurisdictions/${code}`)
        .set(admin())
        .send({ csamSpecificLaw: 'yes' });
      expect(same.status).toBe(200);
      expect(same.body.version).toBe(2);
      expect(await adminAudit('jurisdiction.update', code)).toHaveLength(1);
    });

    it('should refuse a bad update, naming each field, and change nothing', async () => {
      const [code] = await freeCodes(1);
      await createJurisdiction(code);
      const auditBefore = await adminAuditCount();
      const res = await api.http.patch(`${V1}/jurisdictions/${code}`).set(admin()).send({
        code: 'GB',
        name: null,
        hotline: true,
        technologyFacilitatedOffences: 'perhaps',
        isDemo: true,
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body).sort()).toEqual(
        ['code', 'isDemo', 'name', 'technologyFacilitatedOffences'].sort(),
      );
      const row = await api.dataSource.manager.findOneByOrFail(JurisdictionEntity, { code });
      expect(row).toMatchObject({
        hotline: false,
        version: 1,
        technologyFacilitatedOffences: 'unknown',
      });
      expect(await adminAuditCount()).toBe(auditBefore);
    });
  });

  describe('agencies', () => {
    it('should create a portal agency for an active law-enforcement organization, and audit it', async () => {
      const [a, b] = await freeCodes(2);
      await createJurisdiction(a);
      await createJurisdiction(b);
      const org = await lawEnforcementOrg();
      const res = await api.http
        .post(`${V1}/agencies`)
        .set(admin())
        .send({
          organizationId: org.id,
          name: 'Harbour Police Cyber Desk',
          coverage: [b, a.toLowerCase()],
          contactEmail: 'duty@harbour.example',
          contactPhone: '+44 20 7946 0000',
        });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String) as unknown,
        organizationId: org.id,
        name: 'Harbour Police Cyber Desk',
        coverage: [a, b].sort(),
        channels: ['portal'],
        webhookUrl: null,
        webhookSecretSet: false,
        contactEmail: 'duty@harbour.example',
        contactPhone: '+44 20 7946 0000',
        isFallback: false,
        active: true,
        isDemo: false,
        version: 1,
        createdAt: expect.any(String) as unknown,
        updatedAt: expect.any(String) as unknown,
      });
      const id = (res.body as AgencyBody).id;
      const events = await adminAudit('agency.create', id);
      expect(events).toHaveLength(1);
      expect(events[0].details).toEqual({
        changed: ['name', 'coverage', 'contactEmail', 'contactPhone'],
        organizationId: org.id,
        channels: ['portal'],
        coverage: [a, b].sort(),
        isFallback: false,
        active: true,
      });
      const read = await api.http.get(`${V1}/agencies/${id}`).set(sessions.coordinator.auth);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(res.body);
      await api.http.get(`${V1}/agencies/${randomUUID()}`).set(admin()).expect(404);
      await api.http.get(`${V1}/agencies/not-a-uuid`).set(admin()).expect(400);
    });

    it('should keep the webhook secret sealed at rest and never return or audit it', async () => {
      const org = await lawEnforcementOrg();
      const secret = `test-only-webhook-secret-${uniqueSuffix()}-abcdefgh`;
      const res = await api.http
        .post(`${V1}/agencies`)
        .set(admin())
        .send({
          organizationId: org.id,
          name: 'Webhook Unit',
          channels: ['portal', 'webhook'],
          webhookUrl: PUBLIC_HOOK,
          webhookSecret: secret,
        });
      expect(res.status).toBe(201);
      const body = res.body as AgencyBody;
      expect(body).toMatchObject({ webhookUrl: PUBLIC_HOOK, webhookSecretSet: true });
      expect(body).not.toHaveProperty('webhookSecret');
      expect(JSON.stringify(res.body)).not.toContain(secret);
      for (const path of [`${V1}/agencies/${body.id}`, `${V1}/agencies`]) {
        const read = await api.http.get(path).set(admin());
        expect(read.status).toBe(200);
        expect(JSON.stringify(read.body)).not.toContain(secret);
      }

      const row = await api.dataSource.manager.findOneByOrFail(AgencyEntity, { id: body.id });
      const sealed = row.webhookSecret as SealedField;
      expect(JSON.stringify(sealed)).not.toContain(secret);
      expect(sealed.hint).toBe('');
      const cipher = new FieldCipher(parseFieldKeys(api.env.FIELD_ENCRYPTION_KEYS as string));
      expect(cipher.open(sealed, `agency:${body.id}:webhookSecret`)).toBe(secret);
      expect(() => cipher.open(sealed, `agency:${randomUUID()}:webhookSecret`)).toThrow();

      // Rotation: a new secret replaces the old one; only its name is audited.
      const rotated = `${secret}-rotated`;
      const patch = await api.http
        .patch(`${V1}/agencies/${body.id}`)
        .set(admin())
        .send({ webhookSecret: rotated });
      expect(patch.status).toBe(200);
      expect(JSON.stringify(patch.body)).not.toContain(rotated);
      const after = await api.dataSource.manager.findOneByOrFail(AgencyEntity, { id: body.id });
      expect(
        cipher.open(after.webhookSecret as SealedField, `agency:${body.id}:webhookSecret`),
      ).toBe(rotated);
      const events = [
        ...(await adminAudit('agency.create', body.id)),
        ...(await adminAudit('agency.update', body.id)),
      ];
      expect(events).toHaveLength(2);
      expect(events[1].details).toEqual({ changed: ['webhookSecret'] });
      for (const e of events) expect(JSON.stringify(e.details)).not.toContain(secret);
    });

    it('should require an existing, active law-enforcement organization', async () => {
      const member = await createOrganization(api.dataSource, 'member');
      const suspended = await lawEnforcementOrg({ status: 'suspended' });
      const coalition = await createOrganization(api.dataSource, 'coalition');
      for (const [organizationId, message] of [
        [randomUUID(), /not an existing organization/],
        [member.id, /law-enforcement organization/],
        [coalition.id, /law-enforcement organization/],
        [suspended.id, /active organization/],
      ] as const) {
        const res = await api.http
          .post(`${V1}/agencies`)
          .set(admin())
          .send({ organizationId, name: 'Nope' });
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual(['organizationId']);
        expect(messageOf(res.body, 'organizationId')).toMatch(message);
        expect(await api.dataSource.manager.existsBy(AgencyEntity, { organizationId })).toBe(false);
      }
      const bad = await api.http
        .post(`${V1}/agencies`)
        .set(admin())
        .send({ organizationId: 'x', name: 'n' });
      expect(fieldsOf(bad.body)).toEqual(['organizationId']);
    });

    it('should allow one agency per organization (409)', async () => {
      const org = await lawEnforcementOrg();
      await createAgency({ organizationId: org.id, name: 'First' });
      const res = await api.http
        .post(`${V1}/agencies`)
        .set(admin())
        .send({ organizationId: org.id, name: 'Second' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('agency_exists');
      expect(await api.dataSource.manager.countBy(AgencyEntity, { organizationId: org.id })).toBe(
        1,
      );
    });

    it('should name each coverage entry that is malformed, not recorded or repeated', async () => {
      const [known, unknown] = await freeCodes(2);
      await createJurisdiction(known);
      const org = await lawEnforcementOrg();
      const res = await api.http
        .post(`${V1}/agencies`)
        .set(admin())
        .send({
          organizationId: org.id,
          name: 'Coverage Unit',
          coverage: [known, unknown, 'G1', known],
        });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['coverage[1]', 'coverage[2]', 'coverage[3]']);
      expect(messageOf(res.body, 'coverage[1]')).toMatch(/not a recorded jurisdiction/);
      expect(messageOf(res.body, 'coverage[2]')).toMatch(/two-letter country code/);
      expect(messageOf(res.body, 'coverage[3]')).toMatch(/listed twice/);
      expect(await api.dataSource.manager.existsBy(AgencyEntity, { organizationId: org.id })).toBe(
        false,
      );
    });

    it('should require at least one known channel, and a URL and secret for the webhook channel', async () => {
      const org = await lawEnforcementOrg();
      const send = (body: object) =>
        api.http
          .post(`${V1}/agencies`)
          .set(admin())
          .send({ organizationId: org.id, name: 'C', ...body });
      expect(fieldsOf((await send({ channels: [] })).body)).toEqual(['channels']);
      expect(fieldsOf((await send({ channels: ['fax'] })).body)).toEqual(['channels']);
      expect(fieldsOf((await send({ channels: ['portal', 'portal'] })).body)).toEqual(['channels']);
      const missing = await send({ channels: ['webhook'] });
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing.body)).toEqual(['webhookUrl', 'webhookSecret']);
      expect(messageOf(missing.body, 'webhookSecret')).toBe(
        'Webhook secret is required for the webhook channel',
      );
      const short = await send({
        channels: ['webhook'],
        webhookUrl: PUBLIC_HOOK,
        webhookSecret: 'short',
      });
      expect(fieldsOf(short.body)).toEqual(['webhookSecret']);
      expect(messageOf(short.body, 'webhookSecret')).toMatch(/at least 32 characters/);
      const contact = await send({ contactEmail: 'not-an-email', contactPhone: 'call me' });
      expect(fieldsOf(contact.body).sort()).toEqual(['contactEmail', 'contactPhone']);
      expect(await api.dataSource.manager.existsBy(AgencyEntity, { organizationId: org.id })).toBe(
        false,
      );
    });

    it.each([
      ['https://127.0.0.1/hook', /loopback address/],
      ['https://127.0.0.1.:8443/hook', /loopback address/],
      ['https://2130706433/hook', /loopback address \(127\.0\.0\.1\)/],
      ['https://0x7f.1/hook', /loopback address/],
      ['https://[::1]/hook', /loopback address/],
      ['https://[::ffff:127.0.0.1]/hook', /loopback address/],
      ['https://10.0.0.8/hook', /private network address/],
      ['https://172.20.1.1/hook', /private network address/],
      ['https://192.168.1.20/hook', /private network address/],
      ['https://169.254.169.254/latest/meta-data/', /cloud metadata endpoint/],
      ['https://169.254.10.10/hook', /link-local address/],
      ['https://[fe80::1]/hook', /link-local address/],
      ['https://[fd00:ec2::254]/hook', /unique-local address/],
      ['https://100.100.100.200/hook', /carrier-grade NAT address/],
      ['https://0.0.0.0/hook', /unspecified address/],
      ['https://localhost/hook', /private host name/],
      ['https://api.localhost/hook', /private host name/],
      ['https://metadata.google.internal/computeMetadata/v1/', /private host name/],
      ['https://printer.local/hook', /private host name/],
      ['https://receiver/hook', /fully qualified public host name/],
      ['http://93.184.215.14/hook', /must use https/],
      ['ftp://93.184.215.14/hook', /must use https/],
      ['https://user:pw@93.184.215.14/hook', /user name or password/],
      ['https://93.184.215.14/hook#top', /fragment/],
      ['93.184.215.14/hook', /absolute URL/],
      ['https://no-such-host.invalid/hook', /could not be resolved/],
    ])(
      'should refuse the webhook URL %s (400 naming webhookUrl) and change nothing',
      async (url, message) => {
        const org = await lawEnforcementOrg();
        const auditBefore = await adminAuditCount();
        const res = await api.http
          .post(`${V1}/agencies`)
          .set(admin())
          .send({
            organizationId: org.id,
            name: 'SSRF Probe',
            channels: ['webhook'],
            webhookUrl: url,
            webhookSecret: 'a-perfectly-long-enough-webhook-secret',
          });
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual(['webhookUrl']);
        expect(messageOf(res.body, 'webhookUrl')).toMatch(message);
        expect(
          await api.dataSource.manager.existsBy(AgencyEntity, { organizationId: org.id }),
        ).toBe(false);
        expect(await adminAuditCount()).toBe(auditBefore);
      },
    );

    it('should check webhook URLs on update too, and leave the agency as it was', async () => {
      const org = await lawEnforcementOrg();
      const agency = await createAgency({ organizationId: org.id, name: 'Portal Only' });
      const auditBefore = await adminAuditCount();

      const toPrivate = await api.http
        .patch(`${V1}/agencies/${agency.id}`)
        .set(admin())
        .send({
          webhookUrl: 'https://169.254.169.254/latest/',
          channels: ['webhook'],
          webhookSecret: 'x'.repeat(40),
        });
      expect(toPrivate.status).toBe(400);
      expect(fieldsOf(toPrivate.body)).toEqual(['webhookUrl']);

      const noSecret = await api.http
        .patch(`${V1}/agencies/${agency.id}`)
        .set(admin())
        .send({ channels: ['portal', 'webhook'], webhookUrl: PUBLIC_HOOK });
      expect(noSecret.status).toBe(400);
      expect(fieldsOf(noSecret.body)).toEqual(['webhookSecret']);

      const row = await api.dataSource.manager.findOneByOrFail(AgencyEntity, { id: agency.id });
      expect(row).toMatchObject({
        channels: ['portal'],
        webhookUrl: null,
        webhookSecret: null,
        version: 1,
      });
      expect(await adminAuditCount()).toBe(auditBefore);

      const on = await api.http
        .patch(`${V1}/agencies/${agency.id}`)
        .set(admin())
        .send({
          channels: ['portal', 'webhook'],
          webhookUrl: PUBLIC_HOOK,
          webhookSecret: 'y'.repeat(40),
        });
      expect(on.status).toBe(200);
      expect(on.body).toMatchObject({
        channels: ['portal', 'webhook'],
        webhookSecretSet: true,
        version: 2,
      });

      // The webhook channel cannot lose its URL or secret while it is on.
      const strip = await api.http
        .patch(`${V1}/agencies/${agency.id}`)
        .set(admin())
        .send({ webhookUrl: null, webhookSecret: null });
      expect(strip.status).toBe(400);
      expect(fieldsOf(strip.body)).toEqual(['webhookUrl', 'webhookSecret']);
      const off = await api.http
        .patch(`${V1}/agencies/${agency.id}`)
        .set(admin())
        .send({ channels: ['portal'], webhookUrl: null, webhookSecret: null });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({
        channels: ['portal'],
        webhookUrl: null,
        webhookSecretSet: false,
      });
      expect((await adminAudit('agency.update', agency.id)).map((e) => e.details)).toEqual([
        { changed: ['channels', 'webhookUrl', 'webhookSecret'] },
        { changed: ['channels', 'webhookUrl', 'webhookSecret'] },
      ]);
    });

    it('should replace coverage on update and refuse unknown fields such as organizationId', async () => {
      const [a, b, c] = await freeCodes(3);
      for (const code of [a, b, c]) await createJurisdiction(code);
      const org = await lawEnforcementOrg();
      const agency = await createAgency({
        organizationId: org.id,
        name: 'Mover',
        coverage: [a, b],
      });
      const res = await api.http
        .patch(`${V1}/agencies/${agency.id}`)
        .set(admin())
        .send({ coverage: [c, b], name: 'Mover Unit' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ coverage: [b, c].sort(), name: 'Mover Unit', version: 2 });
      const rows = await api.dataSource.manager.findBy(AgencyCoverageEntity, {
        agencyId: agency.id,
      });
      expect(rows.map((r) => r.jurisdictionCode).sort()).toEqual([b, c].sort());
      expect((await adminAudit('agency.update', agency.id)).map((e) => e.details)).toEqual([
        { changed: ['name', 'coverage'] },
      ]);

      const other = await lawEnforcementOrg();
      const bad = await api.http
        .patch(`${V1}/agencies/${agency.id}`)
        .set(admin())
        .send({ organizationId: other.id, isDemo: true, webhookSecretSet: true });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body).sort()).toEqual(['isDemo', 'organizationId', 'webhookSecretSet']);
      await api.http
        .patch(`${V1}/agencies/${randomUUID()}`)
        .set(admin())
        .send({ name: 'x' })
        .expect(404);
    });

    it('should filter the list by jurisdiction and by active', async () => {
      const [a, b] = await freeCodes(2);
      await createJurisdiction(a);
      await createJurisdiction(b);
      const one = await createAgency({
        organizationId: (await lawEnforcementOrg()).id,
        name: 'Alpha',
        coverage: [a],
      });
      const two = await createAgency({
        organizationId: (await lawEnforcementOrg()).id,
        name: 'Bravo',
        coverage: [a, b],
        active: false,
      });
      const ids = async (query: string) => {
        const res = await api.http
          .get(`${V1}/agencies${query}`)
          .set(sessions.lead_coordinator.auth);
        expect(res.status).toBe(200);
        return (res.body.items as { id: string }[]).map((x) => x.id);
      };
      expect(await ids(`?jurisdiction=${a}`)).toEqual([one.id, two.id]);
      expect(await ids(`?jurisdiction=${b.toLowerCase()}`)).toEqual([two.id]);
      expect(await ids(`?jurisdiction=${a}&active=true`)).toEqual([one.id]);
      expect(await ids(`?jurisdiction=${a}&active=false`)).toEqual([two.id]);
      const all = await ids('');
      expect(all).toEqual(expect.arrayContaining([one.id, two.id]));
      const bad = await api.http.get(`${V1}/agencies?jurisdiction=XYZ&active=maybe`).set(admin());
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body).sort()).toEqual(['active', 'jurisdiction']);
    });

    it('should allow at most one active fallback agency (409), on create and on update', async () => {
      const existing = await api.dataSource.manager.findOneBy(AgencyEntity, {
        isFallback: true,
        active: true,
      });
      const mine = existing
        ? null
        : await createAgency({
            organizationId: (await lawEnforcementOrg()).id,
            name: 'Test Fallback Desk',
            isFallback: true,
          });
      const fallbackName = existing?.name ?? 'Test Fallback Desk';
      try {
        const org = await lawEnforcementOrg();
        const second = await api.http
          .post(`${V1}/agencies`)
          .set(admin())
          .send({ organizationId: org.id, name: 'Second Fallback', isFallback: true });
        expect(second.status).toBe(409);
        expect(second.body.code).toBe('fallback_exists');
        expect(second.body.detail).toContain(fallbackName);
        expect(
          await api.dataSource.manager.existsBy(AgencyEntity, { organizationId: org.id }),
        ).toBe(false);

        // An inactive fallback is allowed; activating it is not.
        const spare = await createAgency({
          organizationId: org.id,
          name: 'Spare Fallback',
          isFallback: true,
          active: false,
        });
        const activate = await api.http
          .patch(`${V1}/agencies/${spare.id}`)
          .set(admin())
          .send({ active: true });
        expect(activate.status).toBe(409);
        expect(activate.body.code).toBe('fallback_exists');
        const plain = await createAgency({
          organizationId: (await lawEnforcementOrg()).id,
          name: 'Plain',
        });
        const promote = await api.http
          .patch(`${V1}/agencies/${plain.id}`)
          .set(admin())
          .send({ isFallback: true });
        expect(promote.status).toBe(409);
        const row = await api.dataSource.manager.findOneByOrFail(AgencyEntity, { id: spare.id });
        expect(row).toMatchObject({ active: false, version: 1 });
      } finally {
        // Leave the shared database as this test found it.
        if (mine) {
          await api.http
            .patch(`${V1}/agencies/${mine.id}`)
            .set(admin())
            .send({ active: false })
            .expect(200);
        }
      }
    });
  });

  describe('webhook URL policy from configuration', () => {
    it('should accept http only where WEBHOOK_ALLOW_HTTP is set, still refusing private addresses', async () => {
      const relaxed = await startTestApi({
        QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-reference-data-http`,
        WEBHOOK_ALLOW_HTTP: 'true',
      });
      try {
        const body = (organizationId: string, webhookUrl: string) => ({
          organizationId,
          name: 'Http Unit',
          channels: ['webhook'],
          webhookUrl,
          webhookSecret: 'z'.repeat(32),
        });
        const ok = await relaxed.http
          .post(`${V1}/agencies`)
          .set(admin())
          .send(body((await lawEnforcementOrg()).id, 'http://93.184.215.14/hook'));
        expect(ok.status).toBe(201);
        const loop = await relaxed.http
          .post(`${V1}/agencies`)
          .set(admin())
          .send(body((await lawEnforcementOrg()).id, 'http://127.0.0.1:8080/hook'));
        expect(loop.status).toBe(400);
        expect(messageOf(loop.body, 'webhookUrl')).toMatch(/loopback/);
      } finally {
        await relaxed.close();
      }
    });

    it('should accept private addresses only where WEBHOOK_ALLOW_PRIVATE_NETWORKS is set, still resolving names', async () => {
      const lab = await startTestApi({
        QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-reference-data-private`,
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      });
      try {
        const body = (organizationId: string, webhookUrl: string) => ({
          organizationId,
          name: 'Lab Unit',
          channels: ['webhook'],
          webhookUrl,
          webhookSecret: 'z'.repeat(32),
        });
        for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost:8080/hook']) {
          const res = await lab.http
            .post(`${V1}/agencies`)
            .set(admin())
            .send(body((await lawEnforcementOrg()).id, url));
          expect(res.status).toBe(201);
        }
        const nowhere = await lab.http
          .post(`${V1}/agencies`)
          .set(admin())
          .send(body((await lawEnforcementOrg()).id, 'http://no-such-host.invalid/hook'));
        expect(nowhere.status).toBe(400);
        expect(messageOf(nowhere.body, 'webhookUrl')).toMatch(/could not be resolved/);
      } finally {
        await lab.close();
      }
    });
  });

  describe('routing service', () => {
    let routing: RoutingService;
    beforeAll(() => {
      routing = api.app.get(RoutingService);
    });

    async function caseWithReferrals(merchants: { status: string; merchant: object }[]) {
      const { org, user } = await signedInUser(api.dataSource, api.http, 'member_reporter');
      const caseId = randomUUID();
      await api.dataSource.query(
        `INSERT INTO cases (id, reference, status, priority) VALUES ($1, $2, 'in_review', 'P2')`,
        [caseId, `TEST-CASE-${uniqueSuffix()}`],
      );
      for (const r of merchants) {
        await api.dataSource.query(
          `INSERT INTO referrals (id, reference, organization_id, created_by, status, merchant, case_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            randomUUID(),
            `TEST-REF-${uniqueSuffix()}`,
            org.id,
            user.id,
            r.status,
            JSON.stringify(r.merchant),
            caseId,
          ],
        );
      }
      return caseId;
    }

    it('should suggest from live referrals only, with recorded criteria and covering agencies', async () => {
      const [home, acq, ignored] = await freeCodes(3);
      await createJurisdiction(home, { csamSpecificLaw: 'yes', hotline: true });
      await createJurisdiction(acq);
      await createJurisdiction(ignored);
      const homeUnit = await createAgency({
        organizationId: (await lawEnforcementOrg()).id,
        name: `Home Unit ${home}`,
        coverage: [home],
      });
      const inactive = await createAgency({
        organizationId: (await lawEnforcementOrg()).id,
        name: `Sleeping Unit ${home}`,
        coverage: [home, acq],
        active: false,
      });
      const caseId = await caseWithReferrals([
        {
          status: 'in_review',
          merchant: { legalName: 'X', country: home, acquirer: { country: home } },
        },
        {
          status: 'submitted',
          merchant: {
            legalName: 'X',
            country: home,
            principals: [{ name: 'P', countryOfResidence: acq }],
          },
        },
        { status: 'withdrawn', merchant: { legalName: 'X', country: ignored } },
        { status: 'draft', merchant: { legalName: 'X', hostingCountries: [ignored] } },
      ]);

      const suggestion = await api.app.get(UnitOfWork).run((tx) => routing.suggest(tx, caseId));
      expect(suggestion.jurisdictions.map((j) => j.code)).toEqual([home, acq]);
      expect(suggestion.jurisdictions[0]).toMatchObject({
        code: home,
        name: `Test land ${home}`,
        recorded: true,
        sources: ['merchant_country', 'acquirer_country'],
        hotline: true,
        agencyIds: [homeUnit.id],
        explanation: `merchant registered in ${home} and acquirer in ${home}; Home Unit ${home} covers ${home}`,
      });
      expect(suggestion.jurisdictions[0].criteria).toMatchObject({
        csamSpecificLaw: 'yes',
        csamDefined: 'unknown',
      });
      expect(suggestion.jurisdictions[1]).toMatchObject({
        code: acq,
        agencyIds: [],
        sources: ['principal_residence'],
      });
      const mine = suggestion.candidates.find((c) => c.agencyId === homeUnit.id);
      expect(mine).toEqual({
        agencyId: homeUnit.id,
        agencyName: `Home Unit ${home}`,
        jurisdiction: home,
        basis: [
          {
            jurisdiction: home,
            sources: ['merchant_country', 'acquirer_country'],
            explanation: `merchant registered in ${home} and acquirer in ${home}; Home Unit ${home} covers ${home}`,
          },
        ],
        explanation: `merchant registered in ${home} and acquirer in ${home}; Home Unit ${home} covers ${home}`,
        fallback: false,
      });
      expect(suggestion.candidates.some((c) => c.agencyId === inactive.id)).toBe(false);
    });

    it('should plan the chosen agencies with their basis, marking the coordinator’s own choices', async () => {
      const [home] = await freeCodes(1);
      await createJurisdiction(home);
      const homeUnit = await createAgency({
        organizationId: (await lawEnforcementOrg()).id,
        name: `Plan Unit ${home}`,
        coverage: [home],
      });
      const extra = await createAgency({
        organizationId: (await lawEnforcementOrg()).id,
        name: 'Extra Unit',
      });
      const asleep = await createAgency({
        organizationId: (await lawEnforcementOrg()).id,
        name: 'Asleep Unit',
        active: false,
      });
      const caseId = await caseWithReferrals([
        { status: 'in_review', merchant: { legalName: 'Y', country: home } },
      ]);

      const plan = await api.app
        .get(UnitOfWork)
        .run((tx) => routing.planFor(tx, caseId, [extra.id, homeUnit.id]));
      expect(plan).toEqual([
        {
          agencyId: extra.id,
          agencyName: 'Extra Unit',
          basis: [
            {
              jurisdiction: null,
              sources: ['coordinator_choice'],
              explanation: 'chosen by the coordinator',
            },
          ],
        },
        {
          agencyId: homeUnit.id,
          agencyName: `Plan Unit ${home}`,
          basis: [
            {
              jurisdiction: home,
              sources: ['merchant_country'],
              explanation: `merchant registered in ${home}; Plan Unit ${home} covers ${home}`,
            },
          ],
        },
      ]);

      const refused = await api.app
        .get(UnitOfWork)
        .run((tx) =>
          routing.planFor(tx, caseId, [
            homeUnit.id,
            randomUUID(),
            asleep.id,
            homeUnit.id,
            'not-an-id',
          ]),
        )
        .catch((e: unknown) => e as { getStatus(): number; fieldErrors: FieldProblem[] });
      expect(refused).toHaveProperty('fieldErrors');
      const problem = refused as { getStatus(): number; fieldErrors: FieldProblem[] };
      expect(problem.getStatus()).toBe(400);
      expect(problem.fieldErrors).toEqual([
        { field: 'agencyIds[1]', messages: ['Agency 2 is not an existing agency'] },
        { field: 'agencyIds[2]', messages: ['Agency 3 is an inactive agency'] },
        { field: 'agencyIds[3]', messages: ['lists an agency already listed'] },
        { field: 'agencyIds[4]', messages: ['Agency 5 is not an existing agency'] },
      ]);
    });
  });
  describe('demo seed', () => {
    it('should seed demo jurisdictions GB and US and three portal agencies, once, and route with them', async () => {
      // A database of its own: the demo's fallback and GB/US records must not leak into other specs.
      const scratch = await createScratchDatabase();
      const ds = new DataSource(dataSourceOptions({ url: scratch.url, poolSize: 2 }));
      await ds.initialize();
      try {
        const first = await seedDemo(new UnitOfWork(ds), 'demo-password-for-tests-only');
        expect(first).toMatchObject({ jurisdictionsCreated: 2, agenciesCreated: 3 });

        const jurisdictions = await ds.manager.find(JurisdictionEntity, { order: { code: 'ASC' } });
        expect(jurisdictions.map((j) => [j.code, j.isDemo, j.sourceEdition, j.reviewedOn])).toEqual(
          [
            ['GB', true, 'demo data — not a legal assessment', null],
            ['US', true, 'demo data — not a legal assessment', null],
          ],
        );
        const agencies = await ds.manager.find(AgencyEntity, { order: { id: 'ASC' } });
        const coverage = await ds.manager.find(AgencyCoverageEntity);
        expect(
          agencies.map((a) => ({
            id: a.id,
            name: a.name,
            channels: a.channels,
            isFallback: a.isFallback,
            active: a.active,
            isDemo: a.isDemo,
            coverage: coverage.filter((c) => c.agencyId === a.id).map((c) => c.jurisdictionCode),
          })),
        ).toEqual([
          {
            id: 'de000000-0000-4000-8002-000000000001',
            name: 'Metro Cyber Unit',
            channels: ['portal'],
            isFallback: false,
            active: true,
            isDemo: true,
            coverage: ['GB'],
          },
          {
            id: 'de000000-0000-4000-8002-000000000002',
            name: 'Federal Child Exploitation Unit',
            channels: ['portal'],
            isFallback: false,
            active: true,
            isDemo: true,
            coverage: ['US'],
          },
          {
            id: 'de000000-0000-4000-8002-000000000003',
            name: 'International Liaison Desk',
            channels: ['portal'],
            isFallback: true,
            active: true,
            isDemo: true,
            coverage: [],
          },
        ]);

        // Coverage an administrator removed does not come back on the next start.
        await ds.manager.delete(AgencyCoverageEntity, {
          agencyId: 'de000000-0000-4000-8002-000000000002',
        });
        const second = await seedDemo(new UnitOfWork(ds), 'demo-password-for-tests-only');
        expect(second).toEqual({
          organizationsCreated: 0,
          usersCreated: 0,
          passwordsReset: 0,
          jurisdictionsCreated: 0,
          agenciesCreated: 0,
        });
        expect(await ds.manager.count(AgencyCoverageEntity)).toBe(1);
        expect(await ds.manager.count(AgencyEntity)).toBe(3);

        // The demo routes a GB merchant hosted in BR to Metro Cyber Unit and the fallback desk.
        const northbank = 'de000000-0000-4000-8000-000000000002';
        const officer = 'de000000-0000-4000-8001-000000000005';
        const caseId = randomUUID();
        await ds.query(
          `INSERT INTO cases (id, reference, status, priority) VALUES ($1, 'DEMO-TEST-1', 'in_review', 'P2')`,
          [caseId],
        );
        await ds.query(
          `INSERT INTO referrals (id, reference, organization_id, created_by, status, merchant, case_id)
           VALUES ($1, 'DEMO-TEST-R1', $2, $3, 'in_review', $4, $5)`,
          [
            randomUUID(),
            northbank,
            officer,
            JSON.stringify({ legalName: 'Demo Merchant', country: 'GB', hostingCountries: ['BR'] }),
            caseId,
          ],
        );
        const routingOnDemo = new RoutingService(
          new RoutingRepository(),
          new JurisdictionsRepository(),
          new AgenciesRepository(),
        );
        const suggestion = await new UnitOfWork(ds).run((tx) => routingOnDemo.suggest(tx, caseId));
        expect(suggestion.candidates.map((c) => [c.agencyName, c.fallback, c.explanation])).toEqual(
          [
            ['Metro Cyber Unit', false, 'merchant registered in GB; Metro Cyber Unit covers GB'],
            [
              'International Liaison Desk',
              true,
              "websites hosted in BR; BR is not a recorded jurisdiction, so no agency covers it; proposing the coalition's fallback channel International Liaison Desk",
            ],
          ],
        );
      } finally {
        await ds.destroy();
        await scratch.drop();
      }
    });
  });
});
