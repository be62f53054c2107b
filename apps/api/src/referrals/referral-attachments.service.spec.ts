import type { AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import { ConflictProblem, ProblemException, RecordNotFound, ValidationProblem } from '@app/common';
import type { Role } from '@app/domain';
import {
  BlobStoreUnavailableError,
  InMemoryReferralAttachmentsRepository,
  InMemoryReferralsRepository,
  InMemoryUnitOfWork,
  type ReferralEntity,
  type Tx,
  type UnitOfWork,
} from '@app/persistence';
import { ReferralAttachmentsService } from './referral-attachments.service';

const ORG_A = '00000000-0000-4000-8000-00000000000a';
const ORG_B = '00000000-0000-4000-8000-00000000000b';
const META = { requestId: 'req-1', ip: null, userAgent: null, clientRequestId: null };
const CSV = Buffer.from('date,amount,currency\n2026-01-02,10.00,EUR\n');

function user(id: string, role: Role, organizationId = ORG_A): AuthUser {
  return {
    id,
    role,
    organizationId,
    organizationKind: 'member',
    email: `${id}@example.org`,
    sessionId: `s-${id}`,
  };
}
const reporter = user('reporter-1', 'member_reporter');
const colleague = user('reporter-2', 'member_reporter');
const admin = user('admin-a', 'member_admin');
const otherAdmin = user('admin-b', 'member_admin', ORG_B);

function referral(id: string, status: string): ReferralEntity {
  return {
    id,
    organizationId: ORG_A,
    createdBy: reporter.id,
    status,
  } as ReferralEntity;
}

function setUp() {
  const uow = new InMemoryUnitOfWork();
  const referrals = new InMemoryReferralsRepository();
  const attachments = new InMemoryReferralAttachmentsRepository();
  const none = {} as never;
  const access = new AccessService(none, none, referrals, none, none, none, none);
  const audited: { action: string; details?: Record<string, unknown> }[] = [];
  const audit = {
    record: (_tx: Tx, e: { action: string; details?: Record<string, unknown> }) => {
      audited.push({ action: e.action, details: e.details });
      return Promise.resolve();
    },
  } as unknown as AuditWriter;
  const service = new ReferralAttachmentsService(
    uow as unknown as UnitOfWork,
    attachments,
    access,
    audit,
  );
  return { service, referrals, attachments, audited };
}

describe('ReferralAttachmentsService', () => {
  it('should store a document on the filer’s own referral and audit its type, size and digest', async () => {
    const { service, referrals, attachments, audited } = setUp();
    referrals.seed(referral('r-1', 'in_review'));
    const view = await service.add(reporter, 'r-1', 'export.csv', CSV, META);
    expect(view).toMatchObject({ filename: 'export.csv', sizeBytes: CSV.length });
    expect(attachments.rows).toHaveLength(1);
    expect(audited).toEqual([
      {
        action: 'referral.attachment_add',
        details: {
          attachmentId: view.id,
          mediaType: view.mediaType,
          sizeBytes: CSV.length,
          sha256: view.sha256,
        },
      },
    ]);
  });

  it('should answer 404 to a colleague before looking at what they sent, and store nothing', async () => {
    const { service, referrals, attachments } = setUp();
    referrals.seed(referral('r-1', 'draft'));
    await expect(service.add(colleague, 'r-1', '', 'not a buffer', META)).rejects.toBeInstanceOf(
      RecordNotFound,
    );
    expect(attachments.rows).toEqual([]);
  });

  it('should refuse a bad file name with 400 once the referral is in reach', async () => {
    const { service, referrals } = setUp();
    referrals.seed(referral('r-1', 'draft'));
    await expect(service.add(reporter, 'r-1', 'a/b.csv', CSV, META)).rejects.toBeInstanceOf(
      ValidationProblem,
    );
  });

  it('should refuse documents on a decided referral with 409 and store nothing', async () => {
    const { service, referrals, attachments, audited } = setUp();
    referrals.seed(referral('r-1', 'accepted'));
    const refusal = await service
      .add(reporter, 'r-1', 'export.csv', CSV, META)
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ConflictProblem);
    expect((refusal as ConflictProblem).code).toBe('referral_attachment_not_allowed');
    expect(attachments.rows).toEqual([]);
    expect(audited).toEqual([]);
  });

  it('should list the documents to the organization’s member admin and answer 404 to another organization', async () => {
    const { service, referrals } = setUp();
    referrals.seed(referral('r-1', 'draft'));
    await service.add(reporter, 'r-1', 'export.csv', CSV, META);
    expect((await service.list(admin, 'r-1')).map((a) => a.filename)).toEqual(['export.csv']);
    await expect(service.list(otherAdmin, 'r-1')).rejects.toBeInstanceOf(RecordNotFound);
  });

  it('should audit a download, and answer 404 without auditing for a document of another referral', async () => {
    const { service, referrals, audited } = setUp();
    referrals.seed(referral('r-1', 'draft'));
    referrals.seed(referral('r-2', 'draft'));
    const added = await service.add(reporter, 'r-1', 'export.csv', CSV, META);
    audited.length = 0;

    await expect(service.download(reporter, 'r-2', added.id, META)).rejects.toBeInstanceOf(
      RecordNotFound,
    );
    expect(audited).toEqual([]);

    const { content } = await service.download(reporter, 'r-1', added.id, META);
    expect(content.equals(CSV)).toBe(true);
    expect(audited).toEqual([
      { action: 'referral.attachment_read', details: { attachmentId: added.id } },
    ]);
  });

  it('should keep the bytes in the blob store and refuse with 409, unaudited, bytes that no longer match', async () => {
    const { service, referrals, attachments, audited } = setUp();
    referrals.seed(referral('r-1', 'draft'));
    const added = await service.add(reporter, 'r-1', 'export.csv', CSV, META);
    const stored = attachments.rows[0].attachment;
    expect(stored.content).toBeNull();
    const key = stored.blobKey as string;
    expect((await attachments.blobs.get(key)).equals(CSV)).toBe(true);

    const altered = Buffer.from(CSV.toString().replace('10.00', '1.00'));
    attachments.blobs.blobs.set(key, { bytes: altered, lastModified: new Date() });
    audited.length = 0;
    const refusal = await service
      .download(reporter, 'r-1', added.id, META)
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).getStatus()).toBe(409);
    expect((refusal as ProblemException).code).toBe('document_integrity_failure');
    expect(audited).toEqual([]);
  });

  it('should answer 503 with Retry-After when the blob store cannot be reached, and record nothing', async () => {
    const { service, referrals, attachments, audited } = setUp();
    referrals.seed(referral('r-1', 'draft'));
    attachments.blobs.put = () =>
      Promise.reject(new BlobStoreUnavailableError('put', 'k', 'ECONNREFUSED'));
    const refusal = await service
      .add(reporter, 'r-1', 'export.csv', CSV, META)
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(ProblemException);
    expect((refusal as ProblemException).getStatus()).toBe(503);
    expect((refusal as ProblemException).headers).toEqual({ 'Retry-After': '5' });
    expect(attachments.rows).toEqual([]);
    expect(audited).toEqual([]);
  });
});
