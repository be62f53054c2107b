import { AuditEventEntity } from '@app/persistence';
import {
  createAgency,
  createDispatch,
  createFiler,
  createLiaison,
  type AgencyFixture,
  type CaseFixture,
  type FilerFixture,
} from '../support/case-fixtures';
import { createUser, login, signedInUser, uniqueSuffix, type Session } from '../support/factories';
import { keyedCase } from '../support/search-fixtures';
import { startTestApi, type TestApi } from '../support/test-app';

const V1 = '/api/v1';

interface Result {
  kind: string;
  id: string;
  reference: string | null;
  title: string;
  summary: string;
  path: string;
  match: string;
  score: number;
}
interface Group {
  kind: string;
  label: string;
  items: Result[];
}

/**
 * One search over what each role may see: every kind is searched through the
 * reach of its own list, so bank A's officer never finds bank B's merchant, an
 * agency's liaison never finds another agency's dispatch nor a RED one they
 * are not named on, and an auditor finds references but no content.
 */
describe('Search (e2e)', () => {
  let api: TestApi;
  const run = uniqueSuffix();
  const domainA = `pixelharbor-${run}.example`;
  const domainB = `nordlicht-${run}.example`;
  const midA = `PH${run.toUpperCase()}01`;
  const midB = `NL${run.toUpperCase()}02`;
  let bankA: FilerFixture;
  let bankB: FilerFixture;
  let officerA: Session;
  let colleagueA: Session;
  let adminA: Session;
  let coordinator: Session;
  let auditor: Session;
  let platformAdmin: Session;
  let agencyX: AgencyFixture;
  let agencyY: AgencyFixture;
  let liaisonX: Session;
  let namedLiaisonX: Session;
  let liaisonY: Session;
  let caseA: CaseFixture;
  let caseB: CaseFixture;
  let dispatchAX: { id: string; reference: string };
  let redAX: { id: string; reference: string };
  let dispatchBY: { id: string; reference: string };

  beforeAll(async () => {
    api = await startTestApi({ QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-search` });
    const ds = api.dataSource;
    bankA = await createFiler(ds);
    bankB = await createFiler(ds);
    officerA = await login(api.http, bankA.user.email);
    colleagueA = await login(api.http, (await createUser(ds, bankA.org, 'member_reporter')).email);
    adminA = await login(api.http, (await createUser(ds, bankA.org, 'member_admin')).email);
    coordinator = (await signedInUser(ds, api.http, 'coordinator')).session;
    auditor = (await signedInUser(ds, api.http, 'auditor')).session;
    platformAdmin = (await signedInUser(ds, api.http, 'platform_admin')).session;
    agencyX = await createAgency(ds);
    agencyY = await createAgency(ds);
    liaisonX = await login(api.http, (await createLiaison(ds, agencyX)).email);
    const named = await createLiaison(ds, agencyX);
    namedLiaisonX = await login(api.http, named.email);
    liaisonY = await login(api.http, (await createLiaison(ds, agencyY)).email);

    caseA = await keyedCase(ds, [bankA], {
      legalName: 'Pixel Harbor Media Ltd',
      domain: domainA,
      merchantIds: [{ acquirerId: '401234', mid: midA }],
      emails: [`sales@${domainA}`],
      phones: ['+44 20 7946 0958'],
    });
    caseB = await keyedCase(ds, [bankB], {
      legalName: 'Nordlicht Handel GmbH',
      domain: domainB,
      country: 'DE',
      merchantIds: [{ acquirerId: '405678', mid: midB }],
    });
    dispatchAX = await createDispatch(ds, caseA, agencyX, { tlp: 'GREEN' });
    // A second routing round of the same case, RED, naming one liaison of agency X.
    const secondRound = { ...caseA, caseRow: { ...caseA.caseRow, routingRound: 2 } };
    redAX = await createDispatch(ds, secondRound, agencyX, {
      tlp: 'RED',
      namedLiaisonIds: [named.id],
    });
    dispatchBY = await createDispatch(ds, caseB, agencyY, { tlp: 'GREEN' });
  }, 60_000);
  afterAll(() => api.close());

  const search = (s: Session, query: Record<string, string | number>) =>
    api.http.get(`${V1}/search`).query(query).set(s.auth);
  const found = async (s: Session, q: string): Promise<Result[]> => {
    const res = await search(s, { q });
    expect(res.status).toBe(200);
    return (res.body.groups as Group[]).flatMap((g) => g.items);
  };
  const ids = async (s: Session, q: string) => (await found(s, q)).map((r) => r.id);

  describe('across organizations', () => {
    const refA = () => caseA.referrals[0];
    const refB = () => caseB.referrals[0];

    it("should find nothing of bank B's merchant for bank A's officer: name, MID, domain, reference", async () => {
      for (const q of [
        'Nordlicht Handel',
        midB,
        domainB,
        `https://www.${domainB}/shop`,
        refB().reference,
      ]) {
        expect(await found(officerA, q)).toEqual([]);
      }
    });

    it('should find the officer’s own referral by name, MID, domain, e-mail, phone and reference', async () => {
      for (const q of [
        'Pixel Harbor Media',
        midA,
        `401234:${midA}`,
        domainA,
        `SALES@${domainA.toUpperCase()}`,
        '+44 20 7946 0958',
        refA().reference,
      ]) {
        const results = await found(officerA, q);
        expect(results.map((r) => [r.kind, r.id, r.path])).toEqual([
          ['referral', refA().id, `/referrals/${refA().id}`],
        ]);
      }
    });

    it("should keep a colleague's referral from an officer (own records), but not from the organization's administrator", async () => {
      expect(await found(colleagueA, domainA)).toEqual([]);
      expect(await ids(adminA, domainA)).toEqual([refA().id]);
      expect(await ids(adminA, domainB)).toEqual([]);
    });

    it("should give agency X's liaison their dispatch, never agency Y's", async () => {
      expect(await ids(liaisonX, dispatchAX.reference)).toEqual([dispatchAX.id]);
      expect(await ids(liaisonX, domainA)).toEqual([dispatchAX.id]);
      for (const q of [
        dispatchBY.reference,
        domainB,
        'Nordlicht Handel',
        caseB.caseRow.reference,
      ]) {
        expect(await found(liaisonX, q)).toEqual([]);
      }
      expect(await ids(liaisonY, domainB)).toEqual([dispatchBY.id]);
    });

    it('should keep a RED dispatch from a liaison of the agency who is not named on it', async () => {
      expect(await found(liaisonX, redAX.reference)).toEqual([]);
      expect(await ids(liaisonX, domainA)).not.toContain(redAX.id);
      expect(await ids(namedLiaisonX, redAX.reference)).toEqual([redAX.id]);
      expect((await ids(namedLiaisonX, domainA)).sort()).toEqual([dispatchAX.id, redAX.id].sort());
    });

    it('should give the auditor references as trail targets, with no content, and no identifier search', async () => {
      const [hit] = await found(auditor, refA().reference);
      expect(hit).toEqual(
        expect.objectContaining({
          kind: 'referral',
          id: refA().id,
          match: 'reference',
          path: `/audit?targetType=referral&targetId=${refA().id}`,
        }),
      );
      expect(hit.summary).not.toContain('Pixel');
      expect(await found(auditor, domainA)).toEqual([]);
      expect(await found(auditor, 'Pixel Harbor Media')).toEqual([]);
    });

    it('should give the platform administrator organizations and people, and no case material', async () => {
      const results = await found(platformAdmin, bankA.org.legalName);
      expect(results).toContainEqual(
        expect.objectContaining({ kind: 'organization', id: bankA.org.id }),
      );
      expect(await found(platformAdmin, domainA)).toEqual([]);
      const people = await found(platformAdmin, bankA.user.email);
      expect(people[0]).toEqual(
        expect.objectContaining({ kind: 'user', id: bankA.user.id, match: 'identifier' }),
      );
    });
  });

  describe('ranking and grouping', () => {
    it('should group a coordinator’s results by kind, the exact reference first', async () => {
      const res = await search(coordinator, { q: caseA.caseRow.reference });
      expect(res.status).toBe(200);
      const groups = res.body.groups as Group[];
      expect(groups[0].kind).toBe('case');
      expect(groups[0].label).toBe('Cases');
      expect(groups[0].items[0]).toEqual(
        expect.objectContaining({ id: caseA.caseRow.id, match: 'reference', score: 3 }),
      );
      // Its dispatches carry the case's reference in their package: they follow, grouped.
      const dispatches = groups.find((g) => g.kind === 'dispatch')?.items.map((r) => r.id) ?? [];
      expect(dispatches.sort()).toEqual([dispatchAX.id, redAX.id].sort());
    });

    it('should rank an exact reference above the others starting with it', async () => {
      const prefix = caseA.caseRow.reference.slice(0, -1);
      const res = await search(coordinator, { q: prefix, kind: 'case', limit: 50 });
      const items = (res.body.groups as Group[])[0].items;
      expect(items.every((r) => r.kind === 'case' && r.reference?.startsWith(prefix))).toBe(true);
      expect(items.map((r) => r.match)).toEqual(items.map(() => 'reference_prefix'));
      const exact = await search(coordinator, { q: caseA.caseRow.reference, kind: 'case' });
      expect((exact.body.groups as Group[])[0].items[0].match).toBe('reference');
    });

    it('should find a misspelt merchant name by trigram similarity, below an exact identifier', async () => {
      const results = await found(coordinator, 'Pixl Harbour');
      const caseHit = results.find((r) => r.kind === 'case' && r.id === caseA.caseRow.id);
      expect(caseHit).toEqual(
        expect.objectContaining({ match: 'name', path: `/cases/${caseA.caseRow.id}` }),
      );
      expect(caseHit!.score).toBeGreaterThanOrEqual(0.5);
      expect(caseHit!.score).toBeLessThan(1);
      expect(caseHit!.summary).toContain('Pixel Harbor Media Ltd');
      expect(results.some((r) => r.id === caseB.caseRow.id)).toBe(false);
      expect(await found(coordinator, 'Quillfeather Ornaments')).toEqual([]);
      const exact = await found(coordinator, domainA);
      expect(exact.find((r) => r.id === caseA.caseRow.id)).toEqual(
        expect.objectContaining({ match: 'identifier', score: 2 }),
      );
    });

    it('should search one kind when asked, and cap each group at the limit', async () => {
      const res = await search(coordinator, { q: domainA, kind: 'dispatch', limit: 1 });
      expect(res.status).toBe(200);
      const groups = res.body.groups as Group[];
      expect(groups.map((g) => g.kind)).toEqual(['dispatch']);
      expect(groups[0].items).toHaveLength(1);
    });
  });

  describe('auditing', () => {
    it('should record a search over case material with what was searched and what it showed', async () => {
      const q = `sales@${domainA}`;
      await found(coordinator, q);
      const event = await api.dataSource.manager.findOne(AuditEventEntity, {
        where: { action: 'search.query' },
        order: { id: 'DESC' },
      });
      expect(event?.details).toEqual(
        expect.objectContaining({
          query: q,
          readAs: ['email'],
          kinds: ['referral', 'case', 'dispatch'],
          resultCount: 4,
        }),
      );
      expect((event?.details as { results: { id: string }[] }).results.map((r) => r.id)).toContain(
        caseA.caseRow.id,
      );
    });
  });

  describe('bad input', () => {
    it.each([
      [{}, ['q']],
      [{ q: 'a' }, ['q']],
      [{ q: 'x'.repeat(201) }, ['q']],
      [{ q: 'pixel', kind: 'merchant' }, ['kind']],
      [{ q: 'pixel', limit: 0 }, ['limit']],
      [{ q: 'pixel', limit: 51 }, ['limit']],
      [{ q: ' ', kind: 'x', limit: 'many' }, ['q', 'kind', 'limit']],
    ])('should refuse %j naming %j (problem+json)', async (query, fields) => {
      const res = await search(coordinator, query);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const named = [...new Set((res.body.errors as { field: string }[]).map((e) => e.field))];
      expect(named.sort()).toEqual([...fields].sort());
    });
  });
});
