import type { AuditWriter } from '@app/audit';
import type { AppConfig } from '@app/common';
import { matchingKeys, type MatchingKey } from '@app/domain';
import {
  InMemoryIntakeRepository,
  InMemoryReferralsRepository,
  InMemoryUnitOfWork,
  type ReferralEntity,
  type Tx,
  type UnitOfWork,
} from '@app/persistence';
import type { SlaClocks } from '@app/queues';
import { IntakeProcessor } from './intake.processor';

const MERCHANT = {
  legalName: 'Acme Trading Ltd',
  country: 'GB',
  websites: ['https://acme.example'],
};

function referral(id: string, fields: Partial<ReferralEntity> = {}): ReferralEntity {
  return {
    id,
    organizationId: 'org-a',
    createdBy: 'reporter-1',
    status: 'submitted',
    priority: 'P3',
    merchant: MERCHANT,
    observables: [],
    caseId: null,
    ...fields,
  } as ReferralEntity;
}

/** The keys intake derives from MERCHANT, to seed cases that share them. */
function keysOf(merchant: {
  legalName: string;
  country: string;
  websites?: string[];
}): MatchingKey[] {
  return matchingKeys(merchant, []);
}

function setUp() {
  const uow = new InMemoryUnitOfWork();
  const referrals = new InMemoryReferralsRepository();
  const intakes = new InMemoryIntakeRepository();
  const audited: { action: string; targetId?: string; details?: unknown }[] = [];
  const audit = {
    record: (_tx: Tx, e: { action: string; targetId?: string; details?: unknown }) => {
      audited.push({ action: e.action, targetId: e.targetId, details: e.details });
      return Promise.resolve();
    },
  } as unknown as AuditWriter;
  const started: { clock: string; subject: unknown }[] = [];
  const clocks = {
    start: (_tx: Tx, clock: string, subject: unknown) => {
      started.push({ clock, subject });
      return Promise.resolve('clock-1');
    },
  } as unknown as SlaClocks;
  const config = { get: () => '' } as unknown as AppConfig;
  const processor = new IntakeProcessor(
    uow as unknown as UnitOfWork,
    referrals,
    intakes,
    audit,
    clocks,
    config,
  );
  return { processor, referrals, intakes, audited, started };
}

describe('IntakeProcessor', () => {
  it('should open a case in triage with a triage clock when no open case shares a key, and move the referral through the table', async () => {
    const { processor, referrals, intakes, audited, started } = setUp();
    referrals.seed(referral('r-1', { priority: 'P2' }));

    const result = await processor.intake('r-1');

    expect(result.outcome).toBe('opened');
    expect(intakes.cases).toEqual([
      expect.objectContaining({ id: result.caseId, status: 'triage', priority: 'P2' }),
    ]);
    expect(started).toEqual([{ clock: 'triage', subject: { caseId: result.caseId } }]);
    expect(referrals.stored('r-1')).toMatchObject({ status: 'in_review', caseId: result.caseId });
    expect(intakes.matchKeys.filter((k) => k.referralId === 'r-1')).toHaveLength(
      keysOf(MERCHANT).length,
    );
    expect(audited).toEqual([
      { action: 'case.open', targetId: result.caseId, details: { fromReferral: 'r-1' } },
      {
        action: 'referral.intake',
        targetId: 'r-1',
        details: {
          caseId: result.caseId,
          opened: true,
          keys: keysOf(MERCHANT).length,
          suggestions: 0,
        },
      },
    ]);
  });

  it('should attach to the oldest open case sharing a key, suggest the other one, and open nothing', async () => {
    const { processor, referrals, intakes, audited, started } = setUp();
    const [nameKey] = keysOf(MERCHANT).filter((k) => k.kind === 'name_country');
    const [domainKey] = keysOf(MERCHANT).filter((k) => k.kind === 'domain');
    intakes.seedCase({ id: 'case-old', status: 'in_review', priority: 'P3' });
    intakes.seedCase({ id: 'case-new', status: 'triage', priority: 'P3' });
    intakes.seedMatchKey('case-old', domainKey);
    intakes.seedMatchKey('case-new', nameKey);
    referrals.seed(referral('r-1'));

    const result = await processor.intake('r-1');

    expect(result).toEqual({ outcome: 'attached', caseId: 'case-old', keys: 2, suggestions: 1 });
    expect(intakes.cases).toHaveLength(2);
    expect(started).toEqual([]);
    expect(intakes.suggestions).toEqual([
      { caseId: 'case-new', referralId: 'r-1', reason: 'exact' },
    ]);
    expect(audited.map((a) => a.action)).toEqual(['referral.intake']);
  });

  it('should not attach to a closed case sharing a key', async () => {
    const { processor, referrals, intakes } = setUp();
    intakes.seedCase({ id: 'case-closed', status: 'closed', priority: 'P3' });
    intakes.seedMatchKey('case-closed', keysOf(MERCHANT)[0]);
    referrals.seed(referral('r-1'));

    const result = await processor.intake('r-1');

    expect(result.outcome).toBe('opened');
    expect(result.caseId).not.toBe('case-closed');
  });

  it('should raise the case’s priority for a more urgent referral and never lower it', async () => {
    const { processor, referrals, intakes } = setUp();
    intakes.seedCase({ id: 'case-1', status: 'triage', priority: 'P3' });
    intakes.seedMatchKey('case-1', keysOf(MERCHANT)[0]);
    referrals.seed(referral('urgent', { priority: 'P1' }));
    referrals.seed(referral('routine', { priority: 'P4' }));

    await processor.intake('urgent');
    expect(intakes.cases[0].priority).toBe('P1');
    await processor.intake('routine');
    expect(intakes.cases[0].priority).toBe('P1');
  });

  it('should suggest open cases with a similar name, not the referral’s own case nor a closed one', async () => {
    const { processor, referrals, intakes } = setUp();
    intakes.seedCase({ id: 'case-similar', status: 'routed', priority: 'P3' });
    intakes.seedCase({ id: 'case-gone', status: 'closed', priority: 'P3' });
    intakes.similarNames = ['case-similar', 'case-gone'];
    referrals.seed(referral('r-1'));

    const result = await processor.intake('r-1');

    expect(result.suggestions).toBe(1);
    expect(intakes.suggestions).toEqual([
      { caseId: 'case-similar', referralId: 'r-1', reason: 'name' },
    ]);
  });

  it('should take in a referral without a usable merchant into a case of its own, taking no key locks', async () => {
    const { processor, referrals, intakes } = setUp();
    referrals.seed(referral('r-1', { merchant: null }));
    const result = await processor.intake('r-1');
    expect(result).toMatchObject({ outcome: 'opened', keys: 0 });
    expect(intakes.lockedKeys).toEqual([]);
  });

  it.each(['in_review', 'withdrawn', 'draft'])(
    'should skip a referral that is %s (a replayed or late job) and change nothing',
    async (status) => {
      const { processor, referrals, intakes, audited } = setUp();
      referrals.seed(referral('r-1', { status }));
      expect(await processor.intake('r-1')).toEqual({ outcome: 'skipped' });
      expect(referrals.writes).toBe(0);
      expect(referrals.stored('r-1')?.status).toBe(status);
      expect(intakes.cases).toEqual([]);
      expect(audited).toEqual([]);
    },
  );

  it('should skip a referral that no longer exists', async () => {
    const { processor, audited } = setUp();
    expect(await processor.intake('gone')).toEqual({ outcome: 'skipped' });
    expect(audited).toEqual([]);
  });

  it('should change nothing on a second run of the same job', async () => {
    const { processor, referrals, intakes, audited } = setUp();
    referrals.seed(referral('r-1'));
    await processor.intake('r-1');
    const cases = intakes.cases.length;
    const events = audited.length;
    expect(await processor.intake('r-1')).toEqual({ outcome: 'skipped' });
    expect(intakes.cases).toHaveLength(cases);
    expect(audited).toHaveLength(events);
  });

  it('should take in a batch in one transaction: keys of all locked once, in turn as one by one, a later referral attached to the case an earlier one opened', async () => {
    const { processor, referrals, intakes, audited } = setUp();
    referrals.seed(referral('r-1'));
    referrals.seed(referral('r-2', { priority: 'P1' }));
    referrals.seed(referral('r-3', { merchant: { legalName: 'Other Goods SA', country: 'FR' } }));
    referrals.seed(referral('r-4', { status: 'in_review' }));

    const results = await processor.intakeMany(['r-2', 'r-4', 'r-3', 'r-1', 'gone']);

    const opened = results.get('r-1');
    expect(opened).toMatchObject({ outcome: 'opened' });
    expect(results.get('r-2')).toMatchObject({ outcome: 'attached', caseId: opened?.caseId });
    expect(results.get('r-3')).toMatchObject({ outcome: 'opened' });
    expect(results.get('r-3')?.caseId).not.toBe(opened?.caseId);
    expect(results.get('r-4')).toEqual({ outcome: 'skipped' });
    expect(results.get('gone')).toEqual({ outcome: 'skipped' });
    // One lock statement holding the keys of every referral taken in.
    expect(intakes.lockedKeys).toHaveLength(1);
    expect(intakes.lockedKeys[0]).toEqual(
      expect.arrayContaining(
        [...keysOf(MERCHANT), ...keysOf({ legalName: 'Other Goods SA', country: 'FR' })].map(
          (k) => `${k.kind}:${k.value}`,
        ),
      ),
    );
    expect(intakes.cases).toHaveLength(2);
    // The more urgent referral raised the case the earlier one opened.
    expect(intakes.cases.find((c) => c.id === opened?.caseId)?.priority).toBe('P1');
    expect(referrals.stored('r-2')).toMatchObject({ status: 'in_review', caseId: opened?.caseId });
    expect(referrals.stored('r-4')?.status).toBe('in_review');
    expect(audited.filter((e) => e.action === 'referral.intake').map((e) => e.targetId)).toEqual([
      'r-1',
      'r-2',
      'r-3',
    ]);
  });
});
