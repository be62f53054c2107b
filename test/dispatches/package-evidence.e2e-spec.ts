import { loadSigningKey, signCheckpoint, verifyPackageProof, type PackageProof } from '@app/audit';
import { canonicalJson, type CasePackage } from '@app/domain';
import { InfoRequestEntity, ReferralAttachmentEntity } from '@app/persistence';
import type { INestApplicationContext } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pageTexts } from '../../apps/api/src/dispatches/package-pdf/package-pdf.spec-kit';
import { createWorkerApp } from '../../apps/worker/src/worker-app';
import {
  createAgency,
  createCase,
  createFiler,
  createLiaison,
  type AgencyFixture,
  type FilerFixture,
} from '../support/case-fixtures';
import { TEST_AUDIT_SIGNING_KEY, testEnvironment } from '../support/environment';
import { eventually } from '../support/eventually';
import { login, signedInUser, type Session } from '../support/factories';
import { createScratchDatabase } from '../support/scratch-database';
import { startTestApi, type TestApi } from '../support/test-app';

const CLI = join(__dirname, '../../dist/apps/cli/src/package-verify.js');
const REASON = 'The agency must brief the acquirer’s fraud team, outside its own organization.';
const DOCUMENT = Buffer.from('Statement of account, March: 14 payments of GBP 9.99.\n', 'utf8');

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Runs the standalone verifier and answers its exit code and output. */
function verifyCli(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout });
    });
  });
}

/**
 * The package as evidence: an approval records the package digest in the
 * audit trail and asks for a checkpoint; the liaison downloads the package
 * (canonical JSON whose SHA-256 is that digest), the documents it lists and a
 * proof, and the standalone verifier accepts them with the coalition's public
 * key — and refuses a tampered package, a tampered proof and a checkpoint
 * signed by another key. Its own database, with a worker sealing and signing it.
 */
describe('Case package as evidence: documents, digest, proof and verifier (e2e)', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let api: TestApi;
  let worker: INestApplicationContext;
  let coordinator: { session: Session; displayName: string };
  let lead: { session: Session; displayName: string };
  let agency: AgencyFixture;
  let liaison: Session;
  let otherLiaison: Session;
  let filer: FilerFixture;
  let dispatchId: string;
  let documentId: string;
  let otherDocumentId: string;
  let dir: string;
  const publicKeyPem = loadSigningKey(TEST_AUDIT_SIGNING_KEY).publicKeyPem;

  /** The package file: its bytes as sent (the digest is over bytes) and as parsed. */
  const packageFile = async (session: Session) => {
    const res = await api.http
      .get(`/api/v1/dispatches/${dispatchId}/package`)
      .set(session.auth)
      .expect(200);
    return { res, body: Buffer.from(res.text, 'utf8') };
  };

  /** A GET whose body stays the bytes sent (the digests are over bytes). */
  const get = (path: string, session: Session) =>
    api.http
      .get(`/api/v1${path}`)
      .set(session.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error('Run `npm run build` first (npm test does it).');
    scratch = await createScratchDatabase();
    const env = {
      DATABASE_URL: scratch.url,
      QUEUE_PREFIX: `${process.env.TEST_QUEUE_PREFIX}-evidence`,
    };
    api = await startTestApi(env);
    worker = await createWorkerApp(testEnvironment(env), { shutdownHooks: false });
    const ds = api.dataSource;
    const c = await signedInUser(ds, api.http, 'coordinator');
    coordinator = { session: c.session, displayName: c.user.displayName };
    const l = await signedInUser(ds, api.http, 'lead_coordinator', c.org);
    lead = { session: l.session, displayName: l.user.displayName };
    agency = await createAgency(ds);
    liaison = await login(api.http, (await createLiaison(ds, agency)).email);
    otherLiaison = await login(api.http, (await createLiaison(ds, await createAgency(ds))).email);

    filer = await createFiler(ds);
    const { caseRow, referrals } = await createCase(ds, [filer], {
      status: 'in_review',
      referralStatus: 'in_review',
    });
    const [referral] = referrals;
    documentId = randomUUID();
    await ds.manager.insert(ReferralAttachmentEntity, {
      id: documentId,
      referralId: referral.id,
      organizationId: filer.org.id,
      createdBy: filer.user.id,
      filename: 'statement-march.txt',
      mediaType: 'text/plain',
      sizeBytes: DOCUMENT.length,
      sha256: sha256(DOCUMENT),
      content: DOCUMENT,
    });
    // A document of a referral this dispatch does not carry.
    const elsewhere = await createCase(ds, [await createFiler(ds)], { status: 'in_review' });
    otherDocumentId = randomUUID();
    await ds.manager.insert(ReferralAttachmentEntity, {
      id: otherDocumentId,
      referralId: elsewhere.referrals[0].id,
      organizationId: elsewhere.referrals[0].organizationId,
      createdBy: elsewhere.referrals[0].createdBy,
      filename: 'unrelated.txt',
      mediaType: 'text/plain',
      sizeBytes: 3,
      sha256: sha256('abc'),
      content: Buffer.from('abc'),
    });
    await ds.manager.insert(InfoRequestEntity, {
      id: randomUUID(),
      caseId: caseRow.id,
      referralId: referral.id,
      organizationId: filer.org.id,
      askedBy: c.user.id,
      question: 'When did the first payment to the merchant clear?',
      status: 'answered',
      answer: 'On 2 March, through the acquirer’s UK entity.',
      answeredBy: filer.user.id,
      answeredAt: new Date(),
      version: 1,
    });

    await api.http
      .post(`/api/v1/cases/${caseRow.id}/propose`)
      .set(coordinator.session.auth)
      .send({
        agencyIds: [agency.agency.id],
        rationale: 'The merchant and its acquirer are both in GB.',
        tlp: 'AMBER',
        tlpDowngradeReason: REASON,
      })
      .expect(200);
    await api.http.post(`/api/v1/cases/${caseRow.id}/approve`).set(lead.session.auth).expect(200);
    const [row] = await ds.query<{ id: string }[]>(`SELECT id FROM dispatches WHERE case_id = $1`, [
      caseRow.id,
    ]);
    dispatchId = row.id;
    dir = await mkdtemp(join(tmpdir(), 'crh-evidence-'));
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    await worker?.close();
    await api?.close();
    await scratch?.drop();
  });

  const packageOf = async (): Promise<{ body: Buffer; pkg: CasePackage }> => {
    const { body } = await packageFile(liaison);
    return { body, pkg: JSON.parse(body.toString('utf8')) as CasePackage };
  };

  const proofOf = (): Promise<PackageProof> =>
    eventually('the checkpoint covering the dispatch', async () => {
      const res = await api.http.get(`/api/v1/dispatches/${dispatchId}/proof`).set(liaison.auth);
      if (res.status === 409 && res.body.code === 'proof_pending') return undefined;
      expect(res.status).toBe(200);
      return res.body as PackageProof;
    });

  it('should serve the package as canonical JSON whose SHA-256 is the digest recorded at approval', async () => {
    const { res, body } = await packageFile(liaison);
    const [dispatch] = await api.dataSource.query<{ package_digest: string }[]>(
      `SELECT package_digest FROM dispatches WHERE id = $1`,
      [dispatchId],
    );
    expect(sha256(body)).toBe(dispatch.package_digest);
    expect(res.headers['repr-digest']).toBe(
      `sha-256=:${Buffer.from(dispatch.package_digest, 'hex').toString('base64')}:`,
    );
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="DSP-.+\.package\.json"$/,
    );
    expect(res.headers['x-tlp']).toBe('AMBER');
    expect(body.toString('utf8')).toBe(canonicalJson(JSON.parse(body.toString('utf8'))));
    const [event] = await api.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_events WHERE action = 'dispatch.create' AND target_id = $1`,
      [dispatchId],
    );
    expect(event.details).toMatchObject({
      packageSchema: 'crh.case-package/v2',
      packageDigest: dispatch.package_digest,
    });
  });

  it('should carry the documents with their SHA-256, the answers and the approving staff, never the filer', async () => {
    const { body, pkg } = await packageOf();
    expect(pkg.schema).toBe('crh.case-package/v2');
    expect(pkg.referrals[0].documents).toEqual([
      {
        id: documentId,
        filename: 'statement-march.txt',
        mediaType: 'text/plain',
        sizeBytes: DOCUMENT.length,
        sha256: sha256(DOCUMENT),
      },
    ]);
    expect(pkg.informationRequests).toEqual([
      {
        referralReference: pkg.referrals[0].reference,
        question: 'When did the first payment to the merchant clear?',
        askedAt: expect.stringMatching(/Z$/),
        answer: 'On 2 March, through the acquirer’s UK entity.',
        answeredAt: expect.stringMatching(/Z$/),
      },
    ]);
    expect(pkg.approval).toEqual({
      proposedBy: coordinator.displayName,
      proposedAt: expect.stringMatching(/Z$/),
      approvedBy: lead.displayName,
      approvedAt: pkg.approvedAt,
    });
    const text = body.toString('utf8');
    expect(pkg.referrals[0].filer).toBe('coalition member');
    expect(text).not.toContain(filer.org.legalName);
    expect(text).not.toContain(filer.org.id);
    expect(text).not.toContain(filer.user.displayName);
  });

  it('should serve a listed document with its recorded digest and audit the download', async () => {
    const res = await get(`/dispatches/${dispatchId}/documents/${documentId}`, liaison).expect(200);
    expect(Buffer.compare(res.body as Buffer, DOCUMENT)).toBe(0);
    expect(res.headers['repr-digest']).toBe(
      `sha-256=:${createHash('sha256').update(DOCUMENT).digest('base64')}:`,
    );
    expect(res.headers['content-disposition']).toBe('attachment; filename="statement-march.txt"');
    const events = await api.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_events WHERE action = 'dispatch.document_download' AND target_id = $1`,
      [dispatchId],
    );
    expect(events.map((e) => e.details)).toContainEqual(
      expect.objectContaining({ documentId, sha256: sha256(DOCUMENT) }),
    );
  });

  it('should refuse a document the package does not list, and every piece to another agency', async () => {
    const read = (path: string, session: Session) =>
      api.http.get(`/api/v1${path}`).set(session.auth);
    const refused = await read(`/dispatches/${dispatchId}/documents/${otherDocumentId}`, liaison);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('not_found');
    for (const path of [
      `/dispatches/${dispatchId}`,
      `/dispatches/${dispatchId}/package`,
      `/dispatches/${dispatchId}/proof`,
      `/dispatches/${dispatchId}/documents/${documentId}`,
    ]) {
      const res = await read(path, otherLiaison);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
  });

  it('should give a proof that the verifier accepts with the coalition key, showing no other event', async () => {
    const { pkg } = await packageOf();
    const proof = await proofOf();
    expect(proof.event).toMatchObject({ action: 'dispatch.create', targetId: dispatchId });
    expect(proof.checkpoint.seq).toBeGreaterThanOrEqual(proof.event.seq);
    expect(proof.path).toHaveLength(proof.checkpoint.seq - proof.event.seq);
    expect(JSON.stringify(proof.path)).not.toMatch(/[^0-9a-f",[\]]/);
    expect(verifyPackageProof(pkg, proof, { publicKeyPem })).toMatchObject({
      valid: true,
      problems: [],
    });
    const readings = await api.dataSource.query<{ n: string }[]>(
      `SELECT count(*)::text AS n FROM audit_events WHERE action = 'dispatch.proof_read' AND target_id = $1`,
      [dispatchId],
    );
    expect(Number(readings[0].n)).toBeGreaterThanOrEqual(1);
  });

  it('should print the package with the marking, page x of y, the printer, the digest and the checkpoint on every page', async () => {
    const proof = await proofOf();
    const res = await get(`/dispatches/${dispatchId}/package.pdf`, liaison).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="DSP-.+\.package\.pdf"$/,
    );
    const pages = await pageTexts(res.body as Buffer);
    const flat = (text: string) => text.replace(/\s+/g, '');
    pages.forEach((text, i) => {
      expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(text).toContain('TLP:AMBER');
      expect(text).toContain('Printed by Test le_liaison');
      expect(flat(text)).toContain(proof.packageDigest);
      expect(text).toContain(String(proof.checkpoint.seq));
    });
    expect(pages.join('\n')).toContain('statement-march.txt');
    const [printed] = await api.dataSource.query<{ details: Record<string, unknown> }[]>(
      `SELECT details FROM audit_events WHERE action = 'dispatch.package_print' AND target_id = $1`,
      [dispatchId],
    );
    expect(printed.details).toMatchObject({
      digest: proof.packageDigest,
      checkpointId: proof.checkpoint.id,
    });
  });

  it('should preview for the lead exactly the package the agency then receives, creating nothing', async () => {
    const ds = api.dataSource;
    const { caseRow } = await createCase(ds, [filer], {
      status: 'in_review',
      referralStatus: 'in_review',
    });
    const preview = (session: Session) =>
      api.http.get(`/api/v1/cases/${caseRow.id}/package-preview`).set(session.auth);
    expect((await preview(lead.session)).body.code).toBe('no_routing_to_preview');
    await api.http
      .post(`/api/v1/cases/${caseRow.id}/propose`)
      .set(coordinator.session.auth)
      .send({
        agencyIds: [agency.agency.id],
        rationale: 'The merchant and its acquirer are both in GB.',
        tlp: 'AMBER',
        tlpDowngradeReason: REASON,
      })
      .expect(200);
    const seen = await preview(lead.session).expect(200);
    const dispatchesOf = () =>
      ds.query<{ id: string }[]>(`SELECT id FROM dispatches WHERE case_id = $1`, [caseRow.id]);
    expect(await dispatchesOf()).toEqual([]);
    expect(seen.body.packages).toHaveLength(1);
    const previewed = seen.body.packages[0].package as CasePackage;
    expect(previewed.dispatch).toEqual({
      id: '00000000-0000-0000-0000-000000000000',
      reference: 'assigned at approval',
    });
    await api.http.post(`/api/v1/cases/${caseRow.id}/approve`).set(lead.session.auth).expect(200);
    const [dispatch] = await dispatchesOf();
    const received = JSON.parse(
      (
        await api.http
          .get(`/api/v1/dispatches/${dispatch.id}/package`)
          .set(liaison.auth)
          .expect(200)
      ).text,
    ) as CasePackage;
    const comparable = (p: CasePackage) => ({
      ...p,
      dispatch: null,
      approvedAt: null,
      approval: { ...p.approval, approvedAt: null },
    });
    expect(comparable(received)).toEqual(comparable(previewed));
    const audited = await ds.query<{ n: string }[]>(
      `SELECT count(*)::text AS n FROM audit_events WHERE action = 'case.package_preview' AND target_id = $1`,
      [caseRow.id],
    );
    expect(audited[0].n).toBe('1');
  });

  describe('the standalone verifier (npm run package:verify)', () => {
    let packagePath: string;
    let proofPath: string;
    let keyPath: string;
    let pkg: CasePackage;
    let proof: PackageProof;

    beforeAll(async () => {
      pkg = (await packageOf()).pkg;
      proof = await proofOf();
      packagePath = join(dir, 'package.json');
      proofPath = join(dir, 'proof.json');
      keyPath = join(dir, 'coalition.pem');
      await writeFile(packagePath, (await packageOf()).body);
      await writeFile(proofPath, JSON.stringify(proof, null, 2));
      await writeFile(keyPath, publicKeyPem);
    });

    it('should accept the package and proof as downloaded', async () => {
      const res = await verifyCli(packagePath, proofPath, '--public-key', keyPath);
      expect(res).toEqual({
        code: 0,
        stdout: expect.stringContaining(`valid: package digest ${proof.packageDigest}`),
      });
    });

    it('should refuse a tampered package, naming the digest', async () => {
      const tampered = structuredClone(pkg);
      tampered.referrals[0].narrative = 'Nothing to see here.';
      const path = join(dir, 'tampered-package.json');
      await writeFile(path, JSON.stringify(tampered));
      const res = await verifyCli(path, proofPath, '--public-key', keyPath);
      expect(res.code).toBe(1);
      expect(res.stdout).toContain('NOT valid');
      expect(res.stdout).toContain('is not the one recorded at dispatch');
    });

    it('should refuse a tampered proof, naming the broken path', async () => {
      const tampered = structuredClone(proof);
      tampered.event.details = { ...tampered.event.details, reference: 'DSP-0000-000000' };
      const path = join(dir, 'tampered-proof.json');
      await writeFile(path, JSON.stringify(tampered));
      const res = await verifyCli(packagePath, path, '--public-key', keyPath);
      expect(res.code).toBe(1);
      expect(res.stdout).toContain("the dispatch event's details do not match their digest");
    });

    it('should refuse a checkpoint signed by another key, even one the proof carries', async () => {
      const other = generateKeyPairSync('ed25519');
      const otherPem = other.publicKey.export({ format: 'pem', type: 'spki' }).toString();
      const forged = structuredClone(proof);
      forged.checkpoint.signature = signCheckpoint(
        {
          seq: forged.checkpoint.seq,
          hash: forged.checkpoint.hash,
          signedAt: forged.checkpoint.signedAt,
        },
        loadSigningKey(other.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
      );
      forged.checkpoint.publicKeyPem = otherPem;
      const path = join(dir, 'forged-proof.json');
      await writeFile(path, JSON.stringify(forged));
      const res = await verifyCli(packagePath, path, '--public-key', keyPath);
      expect(res.code).toBe(1);
      expect(res.stdout).toContain("not the coalition's key");
    });

    it('should refuse to judge without a trusted key', async () => {
      const res = await verifyCli(packagePath, proofPath);
      expect(res.code).toBe(2);
    });
  });

  it('should let a liaison read the signed checkpoints, and not a member', async () => {
    const list = await api.http.get('/api/v1/audit/checkpoints').set(liaison.auth).expect(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(1);
    const member = (await signedInUser(api.dataSource, api.http, 'member_reporter')).session;
    await api.http.get('/api/v1/audit/checkpoints').set(member.auth).expect(403);
  });
});
