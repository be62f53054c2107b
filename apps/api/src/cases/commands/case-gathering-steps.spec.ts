import { caseKit, coordinator, lead, META } from './case-commands.spec-kit';

describe('ProposeRouting', () => {
  it('records the plan and the proposer and awaits approval', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'in_review', approvedBy: lead.id });
    kit.addReferral(c.id, { status: 'in_review' });
    const agency = '00000000-0000-4000-8000-0000000a9e01';

    await kit.steps.propose.run(
      coordinator,
      c.id,
      { agencyIds: [agency.toUpperCase()], tlp: 'amber', rationale: 'their patch' },
      META,
    );

    expect(kit.store.cases.get(c.id)).toMatchObject({
      status: 'pending_approval',
      proposedBy: coordinator.id,
      approvedBy: null,
      tlp: 'amber',
      routingPlan: { agencies: [{ agencyId: agency, basis: [] }], tlp: 'amber' },
    });
    expect(kit.audit.events[0]).toMatchObject({
      action: 'case.propose',
      details: { from: 'in_review', to: 'pending_approval', agencyIds: [agency] },
    });
  });

  it('keeps the liaisons a RED plan names for its agency, and refuses the plan without them', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'in_review' });
    kit.addReferral(c.id, { status: 'in_review' });
    const agency = kit.addAgency();
    const liaison = kit.addLiaison(agency);

    await expect(
      kit.steps.propose.run(
        coordinator,
        c.id,
        { agencyIds: [agency.id], tlp: 'RED', rationale: 'their patch' },
        META,
      ),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      fieldErrors: [expect.objectContaining({ field: 'namedLiaisons' })],
    });
    expect(kit.store.cases.get(c.id)).toMatchObject({ status: 'in_review', proposedBy: null });

    await kit.steps.propose.run(
      coordinator,
      c.id,
      {
        agencyIds: [agency.id],
        tlp: 'RED',
        namedLiaisons: [{ agencyId: agency.id, liaisonIds: [liaison] }],
        rationale: 'their patch',
      },
      META,
    );
    expect(kit.store.cases.get(c.id)!.routingPlan).toMatchObject({
      agencies: [{ agencyId: agency.id, liaisonIds: [liaison] }],
      tlp: 'RED',
    });
    expect(kit.audit.events.at(-1)).toMatchObject({
      action: 'case.propose',
      details: { namedLiaisons: { [agency.id]: [liaison] } },
    });
  });

  it('refuses when every referral is withdrawn', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'in_review' });
    kit.addReferral(c.id, { status: 'withdrawn' });

    await expect(
      kit.steps.propose.run(
        coordinator,
        c.id,
        {
          agencyIds: ['00000000-0000-4000-8000-0000000a9e01'],
          tlp: 'amber',
          rationale: 'r',
        },
        META,
      ),
    ).rejects.toMatchObject({ code: 'case_has_no_referrals' });
    expect(kit.store.cases.get(c.id)).toMatchObject({ status: 'in_review', proposedBy: null });
  });

  it('refuses a plan naming no agency before looking further', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'in_review' });

    await expect(
      kit.steps.propose.run(
        coordinator,
        c.id,
        { agencyIds: [], tlp: 'amber', rationale: 'r' },
        META,
      ),
    ).rejects.toMatchObject({ code: 'agencies_required' });
  });
});

describe('RequestInfo', () => {
  it('asks the filer: the referral waits for the answer and the request clock starts', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'in_review' });
    const r = kit.addReferral(c.id, { status: 'in_review' });

    await kit.steps.requestInfo.run(
      coordinator,
      c.id,
      { referralId: r.id, question: 'When?' },
      META,
    );

    expect(kit.referralStatus(r.id)).toBe('info_requested');
    const [request] = [...kit.store.infoRequests.values()];
    expect(request).toMatchObject({ caseId: c.id, referralId: r.id, status: 'open' });
    expect(kit.clocks.started).toEqual([
      { clock: 'info_request', subject: { caseId: c.id, infoRequestId: request.id } },
    ]);
    expect(kit.audit.events[0]).toMatchObject({
      action: 'info_request.create',
      targetId: request.id,
      details: { caseId: c.id, referralId: r.id },
    });
  });

  it('a second question leaves a waiting referral waiting', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'triage' });
    const r = kit.addReferral(c.id, { status: 'info_requested' });

    await kit.steps.requestInfo.run(
      coordinator,
      c.id,
      { referralId: r.id, question: 'And?' },
      META,
    );

    expect(kit.referralStatus(r.id)).toBe('info_requested');
    expect(kit.store.infoRequests.size).toBe(1);
  });

  it('refuses a referral of another case, a decided referral, and a case past review', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'in_review' });
    const elsewhere = kit.addReferral(kit.addCase().id);
    const accepted = kit.addReferral(c.id, { status: 'accepted' });
    const routed = kit.addCase({ status: 'routed' });
    const onRouted = kit.addReferral(routed.id);
    const ask = (caseId: string, referralId: string) =>
      kit.steps.requestInfo.run(coordinator, caseId, { referralId, question: 'q' }, META);

    await expect(ask(c.id, elsewhere.id)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(ask(c.id, accepted.id)).rejects.toMatchObject({
      code: 'referral_request_info_not_allowed',
    });
    await expect(ask(routed.id, onRouted.id)).rejects.toMatchObject({
      code: 'case_info_request_not_allowed_from_routed',
    });
    expect(kit.store.infoRequests.size).toBe(0);
    expect(kit.referralStatus(accepted.id)).toBe('accepted');
    expect(kit.audit.events).toHaveLength(0);
  });
});

describe('AddCaseNote', () => {
  it('adds the note with its author and audits its length only', async () => {
    const kit = caseKit();
    kit.addUser(coordinator, { displayName: 'Casey' });
    const c = kit.addCase({ status: 'closed' });

    const note = await kit.steps.note.run(coordinator, c.id, 'called the bank', META);

    expect(note).toMatchObject({ body: 'called the bank', author: { displayName: 'Casey' } });
    expect(kit.audit.events[0]).toMatchObject({
      action: 'case.note',
      details: { noteId: note.id, length: 15 },
    });
  });

  it('answers 404 for a missing case', async () => {
    const kit = caseKit();
    await expect(
      kit.steps.note.run(coordinator, '00000000-0000-4000-8000-00000000dead', 'x', META),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(kit.store.notes).toHaveLength(0);
  });
});
