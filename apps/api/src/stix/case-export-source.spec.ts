import type { CaseEntity, ReferralEntity } from '@app/persistence';
import { caseExportSource, EXPORTED_REFERRAL_STATUSES } from './case-export-source';

const referral = (over: Partial<ReferralEntity>): ReferralEntity =>
  ({
    reference: 'FCR-2026-000001',
    organizationId: 'org-bank',
    tlp: 'AMBER',
    category: 'other',
    indicators: [],
    priority: 'P3',
    observedFrom: null,
    observedTo: null,
    totalAmount: null,
    totalCurrency: null,
    narrative: 'n',
    merchant: null,
    observables: [],
    transactions: [],
    submittedAt: new Date('2026-10-01T00:00:00.000Z'),
    ...over,
  }) as ReferralEntity;

const theCase = (over: Partial<CaseEntity> = {}): CaseEntity =>
  ({
    id: 'c1',
    reference: 'CASE-2026-000001',
    tlp: null,
    approvedAt: null,
    createdAt: new Date('2026-09-01T00:00:00.000Z'),
    ...over,
  }) as CaseEntity;

describe('case export source', () => {
  it("should mark with the strictest of the case's TLP and its referrals', AMBER+STRICT when none is known", () => {
    const rs = [referral({ tlp: 'GREEN' }), referral({ tlp: 'AMBER+STRICT' })];
    expect(caseExportSource(theCase(), rs, []).tlp).toBe('AMBER+STRICT');
    expect(caseExportSource(theCase({ tlp: 'RED' }), rs, []).tlp).toBe('RED');
    // A case marked weaker than a referral (a routed downgrade) exports at the referral's.
    expect(caseExportSource(theCase({ tlp: 'GREEN' }), rs, []).tlp).toBe('AMBER+STRICT');
    expect(caseExportSource(theCase(), [], []).tlp).toBe('AMBER+STRICT');
  });

  it('should publish at approval, else at the latest submission, else at creation', () => {
    const approvedAt = new Date('2026-10-05T12:00:00.000Z');
    const rs = [
      referral({ submittedAt: new Date('2026-10-02T00:00:00.000Z') }),
      referral({ submittedAt: new Date('2026-10-03T00:00:00.000Z') }),
    ];
    expect(caseExportSource(theCase({ approvedAt }), rs, []).published).toBe(
      approvedAt.toISOString(),
    );
    expect(caseExportSource(theCase(), rs, []).published).toBe('2026-10-03T00:00:00.000Z');
    expect(caseExportSource(theCase(), [], []).published).toBe('2026-09-01T00:00:00.000Z');
  });

  it('should name a filer only if it opted in, as a package does', () => {
    const filers = [
      { id: 'org-bank', legalName: 'Quiet Bank', namedInDispatches: false },
      { id: 'org-open', legalName: 'Open Bank', namedInDispatches: true },
    ];
    const source = caseExportSource(
      theCase(),
      [referral({}), referral({ organizationId: 'org-open' })],
      filers,
    );
    expect(source.referrals.map((r) => r.filer)).toEqual(['coalition member', 'Open Bank']);
  });

  it('should export undecided and accepted referrals, never drafts, withdrawn or declined ones', () => {
    expect(EXPORTED_REFERRAL_STATUSES).toEqual(expect.arrayContaining(['in_review', 'accepted']));
    for (const status of ['draft', 'withdrawn', 'declined']) {
      expect(EXPORTED_REFERRAL_STATUSES).not.toContain(status);
    }
  });
});
