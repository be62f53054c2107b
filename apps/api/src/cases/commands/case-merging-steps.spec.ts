import { caseKit, coordinator, META } from './case-commands.spec-kit';

describe('MergeCase', () => {
  it('moves the referrals, notes and suggestions into the open target and keeps the more urgent priority', async () => {
    const kit = caseKit();
    const source = kit.addCase({ status: 'in_review', priority: 'P1' });
    const target = kit.addCase({ status: 'triage', priority: 'P3' });
    const r = kit.addReferral(source.id);
    const suggested = kit.addReferral(null);
    kit.store.notes.push({
      id: 'n',
      caseId: source.id,
      authorId: 'a',
      body: 'b',
      createdAt: new Date(0),
    });
    kit.store.suggestions.push({
      caseId: source.id,
      referralId: suggested.id,
      status: 'open',
      reason: 'x',
    });

    await kit.steps.merge.run(coordinator, source.id, target.id, META);

    expect(kit.store.cases.get(source.id)).toMatchObject({
      status: 'merged',
      mergedIntoId: target.id,
    });
    expect(kit.store.cases.get(target.id)!.priority).toBe('P1');
    expect(kit.store.referrals.get(r.id)!.caseId).toBe(target.id);
    expect(kit.store.notes[0].caseId).toBe(target.id);
    expect(kit.store.suggestions).toEqual([
      expect.objectContaining({ caseId: target.id, referralId: suggested.id }),
    ]);
    expect(kit.store.cancelledClocksOf).toEqual([source.id]);
    expect(kit.audit.events.map((e) => [e.action, e.targetId, e.details])).toEqual([
      ['case.merge', source.id, { from: 'merged', intoCaseId: target.id, referrals: 1 }],
      ['case.absorb', target.id, { fromCaseId: source.id, referrals: 1 }],
    ]);
  });

  it('refuses a closed target or itself, changing nothing', async () => {
    const kit = caseKit();
    const source = kit.addCase({ status: 'in_review' });
    const closed = kit.addCase({ status: 'closed' });
    const r = kit.addReferral(source.id);

    for (const into of [closed.id, source.id, '00000000-0000-4000-8000-00000000dead']) {
      await expect(kit.steps.merge.run(coordinator, source.id, into, META)).rejects.toMatchObject({
        code: 'merge_target_invalid',
      });
    }
    expect(kit.statusOf(source.id)).toBe('in_review');
    expect(kit.store.referrals.get(r.id)!.caseId).toBe(source.id);
    expect(kit.audit.events).toHaveLength(0);
  });
});

describe('LinkReferral', () => {
  it('moves the referral here, settles the suggestion, and merges the case it left empty', async () => {
    const kit = caseKit();
    const target = kit.addCase({ status: 'in_review', priority: 'P4' });
    const source = kit.addCase({ status: 'triage' });
    const r = kit.addReferral(source.id, { priority: 'P2' });
    kit.store.suggestions.push({
      caseId: target.id,
      referralId: r.id,
      status: 'open',
      reason: 'x',
    });

    await kit.steps.link.run(coordinator, target.id, r.id, META);

    expect(kit.store.referrals.get(r.id)!.caseId).toBe(target.id);
    expect(kit.store.suggestions).toEqual([
      expect.objectContaining({ caseId: target.id, referralId: r.id, status: 'linked' }),
    ]);
    expect(kit.store.cases.get(target.id)!.priority).toBe('P2');
    expect(kit.store.cases.get(source.id)).toMatchObject({
      status: 'merged',
      mergedIntoId: target.id,
    });
    expect(kit.audit.events.map((e) => e.action)).toEqual(['case.link', 'case.merge']);
  });

  it('leaves a case that keeps referrals open', async () => {
    const kit = caseKit();
    const target = kit.addCase({ status: 'in_review' });
    const source = kit.addCase({ status: 'in_review' });
    const r = kit.addReferral(source.id);
    kit.addReferral(source.id);

    await kit.steps.link.run(coordinator, target.id, r.id, META);

    expect(kit.statusOf(source.id)).toBe('in_review');
    expect(kit.audit.events.map((e) => e.action)).toEqual(['case.link']);
  });

  it('refuses a referral already here, one with no case, and one whose case has moved on', async () => {
    const kit = caseKit();
    const target = kit.addCase({ status: 'in_review' });
    const here = kit.addReferral(target.id);
    const loose = kit.addReferral(null);
    const routed = kit.addCase({ status: 'routed' });
    const onRouted = kit.addReferral(routed.id);
    const link = (referralId: string) =>
      kit.steps.link.run(coordinator, target.id, referralId, META);

    await expect(link(here.id)).rejects.toMatchObject({ code: 'referral_already_on_case' });
    await expect(link(loose.id)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(link(onRouted.id)).rejects.toMatchObject({
      code: 'referral_link_source_not_allowed',
    });
    expect(kit.store.referrals.get(onRouted.id)!.caseId).toBe(routed.id);
    expect(kit.audit.events).toHaveLength(0);
  });
});

describe('DismissSuggestion', () => {
  it('dismisses an open suggestion once', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'in_review' });
    kit.store.suggestions.push({ caseId: c.id, referralId: 'r1', status: 'open', reason: 'x' });

    await kit.steps.dismiss.run(coordinator, c.id, 'r1', META);
    expect(kit.store.suggestions[0].status).toBe('dismissed');
    expect(kit.audit.events[0]).toMatchObject({
      action: 'case.dismiss_suggestion',
      details: { referralId: 'r1' },
    });

    await expect(kit.steps.dismiss.run(coordinator, c.id, 'r1', META)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(kit.audit.events).toHaveLength(1);
  });
});
