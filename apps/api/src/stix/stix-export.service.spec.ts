import type { AuditRecord } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import {
  buildCasePackage,
  StixBundleRefused,
  validateStixBundle,
  type CasePackage,
} from '@app/domain';
import {
  InMemoryDispatchesRepository,
  InMemoryDispatchStore,
  InMemoryUnitOfWork,
  type CaseReferralsRepository,
  type UnitOfWork,
} from '@app/persistence';
import { Logger } from '@nestjs/common';
import { StixExportService } from './stix-export.service';

const meta: RequestMeta = {
  requestId: 'r1',
  ip: '192.0.2.1',
  userAgent: null,
  clientRequestId: null,
};
const liaison: AuthUser = {
  id: 'liaison-1',
  organizationId: 'org-police',
  organizationKind: 'law_enforcement',
  role: 'le_liaison',
  email: 'liaison-1@test.example',
  sessionId: 's1',
};

function packageOf(approvedAt: Date): CasePackage {
  return buildCasePackage({
    dispatch: { id: '5d1c0a52-4d8e-4c3b-9a5f-2f0e7d1b9c11', reference: 'DSP-2026-000001' },
    case: {
      id: '6e2d1b63-5e9f-4d4c-8b6a-3a1f8e2cad22',
      reference: 'CASE-2026-000001',
      priority: 'P2',
    },
    agency: { id: 'agency-1', name: 'City Police' },
    tlp: 'AMBER',
    pap: 'AMBER',
    rationale: 'Merchant in GB.',
    basis: [],
    referrals: [
      {
        reference: 'FCR-2026-000001',
        filer: { legalName: 'Hidden Bank', namedInDispatches: false },
        category: 'commercial_csam_sale',
        indicators: [],
        priority: 'P2',
        observedFrom: '2026-10-01',
        observedTo: '2026-10-20',
        totalAmount: null,
        narrative: 'Secret narrative text.',
        merchant: { legalName: 'Merchant Ltd', country: 'GB', websites: ['https://m.example/'] },
        observables: [{ type: 'domain', value: 'm.example' }],
        transactions: [],
        submittedAt: '2026-10-21T08:00:00.000Z',
      },
    ],
    approvedAt,
  });
}

function setup(pkg: unknown) {
  const store = new InMemoryDispatchStore();
  store.addAgency('agency-1', 'org-police', { name: 'City Police' });
  store.addDispatch('d1', 'agency-1', {
    reference: 'DSP-2026-000001',
    status: 'delivered',
    package: pkg as Record<string, unknown>,
  });
  const dispatches = new InMemoryDispatchesRepository(store);
  const access = new AccessService(
    {} as never,
    {} as never,
    {} as never,
    {} as never,
    dispatches,
    {} as never,
    {} as never,
  );
  const audited: AuditRecord[] = [];
  const audit = {
    record: (_tx: unknown, record: AuditRecord) => {
      audited.push(record);
      return Promise.resolve();
    },
  };
  const service = new StixExportService(
    new InMemoryUnitOfWork() as unknown as UnitOfWork,
    access,
    audit,
    {} as CaseReferralsRepository,
  );
  return { service, audited };
}

describe('StixExportService', () => {
  afterEach(() => jest.restoreAllMocks());

  it('should answer a valid bundle with its file name, and audit the export', async () => {
    const { service, audited } = setup(packageOf(new Date('2026-10-22T10:00:00.000Z')));
    const exported = await service.dispatchBundle(liaison, 'd1', meta);
    expect(exported.filename).toBe('DSP-2026-000001.stix.json');
    expect(validateStixBundle(JSON.parse(exported.body))).toEqual([]);
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'dispatch.export_stix',
        outcome: 'success',
        targetType: 'dispatch',
        targetId: 'd1',
      }),
    ]);
  });

  it('should refuse a bundle that fails validation, log where without content, and audit nothing', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const pkg = { ...packageOf(new Date('2026-10-22T10:00:00.000Z')), approvedAt: 'soon' };
    const { service, audited } = setup(pkg);
    await expect(service.dispatchBundle(liaison, 'd1', meta)).rejects.toBeInstanceOf(
      StixBundleRefused,
    );
    expect(audited).toEqual([]);
    expect(logged).toHaveBeenCalledTimes(1);
    const line = JSON.stringify(logged.mock.calls[0]);
    expect(line).toContain('/objects/');
    expect(line).not.toMatch(/Secret narrative|Merchant Ltd|m\.example|Hidden Bank|soon/);
  });
});
