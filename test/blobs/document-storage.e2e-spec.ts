import type { CasePackage } from '@app/domain';
import { SYSTEM_SCOPE } from '@app/domain';
import {
  attachmentBlobKey,
  BlobStore,
  ReferralAttachmentEntity,
  ReferralAttachmentsRepository,
  UnitOfWork,
} from '@app/persistence';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { moveLegacyDocuments } from '../../apps/cli/src/blobs-migration';
import {
  createAgency,
  createCase,
  createFiler,
  createLiaison,
  type FilerFixture,
} from '../support/case-fixtures';
import { login, signedInUser, type Session } from '../support/factories';
import { startLocalS3, type LocalS3 } from '../support/s3-server';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const STATEMENT = Buffer.from('date,amount,currency\n2026-10-02,49.99,GBP\n2026-10-09,9.99,GBP\n');
const REASON = 'The agency must brief the acquirer’s fraud team, outside its own organization.';

/**
 * Documents' bytes in each blob store, through the real API on a database of
 * the spec's own: upload, download, the agency's copy from its package, a
 * changed blob refused, deletion after commit, the orphan sweep, and documents
 * stored in the database before the blob store moved out by blobs:migrate.
 */
describe.each(['fs', 's3'] as const)('Documents in the %s blob store (e2e)', (kind) => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let s3: LocalS3 | undefined;
  let blobDir: string | undefined;
  let api: TestApi;
  let store: BlobStore;
  let uow: UnitOfWork;
  let attachments: ReferralAttachmentsRepository;
  let filer: FilerFixture;
  let filerSession: Session;
  let coordinator: Session;
  let lead: Session;
  let liaison: Session;
  let agencyId: string;
  let caseId: string;
  /** The referral the round trip routes to an agency (decided after it). */
  let routedReferralId: string;
  /** A referral that stays open for documents. */
  let referralId: string;

  /** A GET whose body stays the bytes sent. */
  const getBytes = (path: string, session: Session) =>
    api.http
      .get(`/api/v1${path}`)
      .set(session.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
  const upload = async (name: string, bytes: Buffer, to = referralId): Promise<string> => {
    const res = await api.http
      .post(`/api/v1/referrals/${to}/attachments`)
      .query({ filename: name })
      .set(filerSession.auth)
      .set('content-type', 'application/octet-stream')
      .send(bytes)
      .expect(201);
    return (res.body as { id: string }).id;
  };
  const rowOf = async (id: string) =>
    (
      await api.dataSource.query<{ blob_key: string | null; content: Buffer | null }[]>(
        `SELECT blob_key, content FROM referral_attachments WHERE id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    let settings: Record<string, string>;
    if (kind === 's3') {
      s3 = await startLocalS3();
      settings = s3.settings;
    } else {
      blobDir = await mkdtemp(join(tmpdir(), 'crh-blob-store-'));
      settings = { BLOB_STORE: 'fs', BLOB_DIR: blobDir };
    }
    api = await startTestApi({
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-blobs-${kind}`,
      ...settings,
    });
    store = api.app.get(BlobStore);
    uow = api.app.get(UnitOfWork);
    attachments = api.app.get(ReferralAttachmentsRepository);
    const ds = api.dataSource;
    const c = await signedInUser(ds, api.http, 'coordinator');
    coordinator = c.session;
    lead = (await signedInUser(ds, api.http, 'lead_coordinator', c.org)).session;
    const agency = await createAgency(ds);
    agencyId = agency.agency.id;
    liaison = await login(api.http, (await createLiaison(ds, agency)).email);
    filer = await createFiler(ds);
    filerSession = await login(api.http, filer.user.email);
    const { caseRow, referrals } = await createCase(ds, [filer], {
      status: 'in_review',
      referralStatus: 'in_review',
    });
    caseId = caseRow.id;
    routedReferralId = referrals[0].id;
    referralId = (
      await createCase(ds, [filer], { status: 'in_review', referralStatus: 'in_review' })
    ).referrals[0].id;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await scratch?.drop();
    await s3?.close();
    if (blobDir) await rm(blobDir, { recursive: true, force: true });
  });

  it(`should keep an uploaded document in the ${kind} store, give it back, and hand the same bytes to the agency`, async () => {
    const id = await upload('statement.csv', STATEMENT, routedReferralId);
    const row = await rowOf(id);
    expect(row).toEqual({ blob_key: attachmentBlobKey(id), content: null });
    expect((await store.get(attachmentBlobKey(id))).equals(STATEMENT)).toBe(true);

    const download = await getBytes(
      `/referrals/${routedReferralId}/attachments/${id}`,
      filerSession,
    );
    expect(download.status).toBe(200);
    expect((download.body as Buffer).equals(STATEMENT)).toBe(true);

    await api.http
      .post(`/api/v1/cases/${caseId}/propose`)
      .set(coordinator.auth)
      .send({
        agencyIds: [agencyId],
        rationale: 'The merchant and its acquirer are both in GB.',
        tlp: 'AMBER',
        tlpDowngradeReason: REASON,
      })
      .expect(200);
    await api.http.post(`/api/v1/cases/${caseId}/approve`).set(lead.auth).expect(200);
    const [dispatch] = await api.dataSource.query<{ id: string; package: CasePackage }[]>(
      `SELECT id, package FROM dispatches WHERE case_id = $1`,
      [caseId],
    );
    expect(dispatch.package.referrals[0].documents).toEqual([
      expect.objectContaining({ id, sha256: sha256(STATEMENT) }),
    ]);
    const copy = await getBytes(`/dispatches/${dispatch.id}/documents/${id}`, liaison);
    expect(copy.status).toBe(200);
    expect((copy.body as Buffer).equals(STATEMENT)).toBe(true);

    // The stored bytes changed behind the application's back: neither the
    // filer nor the agency gets them, and the answer says nothing of the store.
    const altered = Buffer.from(STATEMENT.toString().replace('49.99', '4.99'));
    await store.put(attachmentBlobKey(id), altered, {
      sha256: sha256(altered),
      mediaType: 'text/csv',
    });
    for (const [path, session] of [
      [`/referrals/${routedReferralId}/attachments/${id}`, filerSession],
      [`/dispatches/${dispatch.id}/documents/${id}`, liaison],
    ] as const) {
      const refused = await api.http.get(`/api/v1${path}`).set(session.auth);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'document_integrity_failure' });
      expect(JSON.stringify(refused.body)).not.toMatch(/4\.99|referral-attachments|blob|S3/i);
    }
    // Gone altogether is the same refusal.
    await store.delete(attachmentBlobKey(id));
    const gone = await api.http
      .get(`/api/v1/referrals/${routedReferralId}/attachments/${id}`)
      .set(filerSession.auth);
    expect(gone.status).toBe(409);
  });

  it('should delete a blob only once the deletion of its row commits', async () => {
    const id = await upload('kept.txt', Buffer.from('A note kept on file.\n'));
    const key = attachmentBlobKey(id);
    await expect(
      uow.run(async (tx) => {
        expect(await attachments.remove(tx, SYSTEM_SCOPE, referralId, id)).toBe(true);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await store.exists(key)).toBe(true);
    expect(await rowOf(id)).toBeDefined();

    await uow.run(async (tx) => {
      expect(await attachments.remove(tx, SYSTEM_SCOPE, referralId, id)).toBe(true);
      // Still there until the commit.
      expect(await store.exists(key)).toBe(true);
    });
    expect(await store.exists(key)).toBe(false);
    expect(await rowOf(id)).toBeUndefined();
  });

  it("should delete every document of purged referrals with removeAllOf, and none outside the caller's scope", async () => {
    const a = await upload('a.txt', Buffer.from('First purged note.\n'));
    const b = await upload('b.txt', Buffer.from('Second purged note.\n'));
    const otherOrg = { reach: 'organization' as const, organizationId: randomUUID() };
    expect(await uow.run((tx) => attachments.removeAllOf(tx, otherOrg, [referralId]))).toBe(0);
    const removed = await uow.run((tx) => attachments.removeAllOf(tx, SYSTEM_SCOPE, [referralId]));
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await store.exists(attachmentBlobKey(a))).toBe(false);
    expect(await store.exists(attachmentBlobKey(b))).toBe(false);
  });

  it('should sweep a blob no row names once it is old enough, and keep the recorded ones', async () => {
    const kept = await upload('recorded.txt', Buffer.from('A recorded note.\n'));
    const orphan = attachmentBlobKey(randomUUID());
    const bytes = Buffer.from('Written by a transaction that rolled back.\n');
    await store.put(orphan, bytes, { sha256: sha256(bytes), mediaType: 'text/plain' });

    expect(
      await attachments.sweepOrphanBlobs(uow.autocommit, new Date(Date.now() - 3600_000)),
    ).toBe(0);
    expect(await store.exists(orphan)).toBe(true);
    // Every blob counts as old against a cut-off in the future.
    expect(await attachments.sweepOrphanBlobs(uow.autocommit, new Date(Date.now() + 60_000))).toBe(
      1,
    );
    expect(await store.exists(orphan)).toBe(false);
    expect(await store.exists(attachmentBlobKey(kept))).toBe(true);
  });

  it('should serve documents stored in the database before the blob store, and move them out once with blobs:migrate', async () => {
    const legacy = Array.from({ length: 3 }, (_, i) => ({
      id: randomUUID(),
      bytes: Buffer.from(`Legacy statement ${i}: 3 payments of EUR 19.99.\n`),
    }));
    const insertLegacy = (id: string, bytes: Buffer, recordedSha = sha256(bytes)) =>
      api.dataSource.manager.insert(ReferralAttachmentEntity, {
        id,
        referralId,
        organizationId: filer.org.id,
        createdBy: filer.user.id,
        filename: 'legacy.txt',
        mediaType: 'text/plain',
        sizeBytes: bytes.length,
        sha256: recordedSha,
        content: bytes,
        blobKey: null,
      });
    for (const doc of legacy) await insertLegacy(doc.id, doc.bytes);
    const damaged = randomUUID();
    await insertLegacy(
      damaged,
      Buffer.from('Changed after it was recorded.\n'),
      sha256('original'),
    );

    const before = await getBytes(
      `/referrals/${referralId}/attachments/${legacy[0].id}`,
      filerSession,
    );
    expect((before.body as Buffer).equals(legacy[0].bytes)).toBe(true);
    const refused = await api.http
      .get(`/api/v1/referrals/${referralId}/attachments/${damaged}`)
      .set(filerSession.auth);
    expect(refused.status).toBe(409);

    const lines: string[] = [];
    const first = await moveLegacyDocuments(uow, attachments, {
      batchSize: 2,
      report: (line) => lines.push(line),
    });
    expect(first).toEqual({ moved: 3, mismatched: [damaged] });
    expect(lines.at(-1)).toBe('Moved 3 documents so far');
    for (const doc of legacy) {
      expect(await rowOf(doc.id)).toEqual({ blob_key: attachmentBlobKey(doc.id), content: null });
      const after = await getBytes(`/referrals/${referralId}/attachments/${doc.id}`, filerSession);
      expect((after.body as Buffer).equals(doc.bytes)).toBe(true);
    }
    expect((await rowOf(damaged)).blob_key).toBeNull();

    const again = await moveLegacyDocuments(uow, attachments, { batchSize: 2 });
    expect(again).toEqual({ moved: 0, mismatched: [damaged] });
  });
});
