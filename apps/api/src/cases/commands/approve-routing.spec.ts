import { packageDigest, type CasePackage } from '@app/domain';
import { caseKit, coordinator, lead, META, otherLead } from './case-commands.spec-kit';

/** A case a coordinator (or `proposer`) proposed to route to `agencies`. */
function proposed(kit: ReturnType<typeof caseKit>, proposer = lead.id, activeAgency = true) {
  const agency = kit.addAgency(activeAgency);
  const c = kit.addCase({
    status: 'pending_approval',
    proposedBy: proposer,
    routingPlan: { agencies: [{ agencyId: agency.id, basis: [] }], tlp: 'amber', rationale: 'r' },
  });
  const undecided = kit.addReferral(c.id, { status: 'in_review' });
  const asked = kit.addReferral(c.id, { status: 'info_requested' });
  const withdrawn = kit.addReferral(c.id, { status: 'withdrawn' });
  return { c, agency, undecided, asked, withdrawn };
}

/** A case proposed (by the lead) to route RED to one agency, naming one of its liaisons. */
function proposedRed(kit: ReturnType<typeof caseKit>) {
  const agency = kit.addAgency();
  const liaison = kit.addLiaison(agency);
  const c = kit.addCase({
    status: 'pending_approval',
    proposedBy: lead.id,
    routingPlan: {
      agencies: [{ agencyId: agency.id, basis: [], liaisonIds: [liaison] }],
      tlp: 'RED',
      rationale: 'r',
    },
  });
  kit.addReferral(c.id, { status: 'in_review' });
  return { c, agency, liaison };
}

describe('ApproveRouting', () => {
  it('accepts the undecided referrals, creates and enqueues one dispatch per agency, and routes the case', async () => {
    const kit = caseKit();
    const { c, agency, undecided, asked, withdrawn } = proposed(kit);
    kit.store.infoRequests.set('ir', {
      id: 'ir',
      caseId: c.id,
      referralId: asked.id,
      status: 'open',
    } as never);

    await kit.steps.approve.run(otherLead, c.id, META);

    const after = kit.store.cases.get(c.id)!;
    expect(after).toMatchObject({ status: 'routed', approvedBy: otherLead.id, routingRound: 1 });
    expect(kit.referralStatus(undecided.id)).toBe('accepted');
    expect(kit.referralStatus(asked.id)).toBe('accepted');
    expect(kit.referralStatus(withdrawn.id)).toBe('withdrawn');
    expect(kit.store.infoRequests.get('ir')!.status).toBe('cancelled');
    expect(kit.dispatches.created).toHaveLength(1);
    expect(kit.dispatches.created[0]).toMatchObject({
      caseId: c.id,
      agencyId: agency.id,
      routingRound: 1,
    });
    const pkg = kit.dispatches.created[0].package as { referrals: unknown[] };
    expect(pkg.referrals).toHaveLength(2);
    expect(kit.outbox.jobs).toEqual([
      {
        queue: expect.any(String),
        name: 'deliver',
        payload: {
          organizationId: agency.organizationId,
          dispatchId: kit.dispatches.created[0].id,
        },
      },
      {
        // The agency's liaisons and contact are told, in the same transaction.
        queue: 'notifications',
        name: 'event',
        payload: {
          organizationId: null,
          kind: 'dispatch.created',
          subjectId: kit.dispatches.created[0].id,
          actorId: expect.any(String),
          expectedExpiry: null,
        },
      },
    ]);
    expect(kit.audit.actions()).toEqual([
      'case.approve:success',
      'dispatch.create:success',
      'case.route:success',
    ]);
    expect(kit.audit.events[2].actor).toMatchObject({ userId: null });
  });

  it('records the package digest in the dispatch event and asks for a checkpoint in the same step', async () => {
    const kit = caseKit();
    const { c } = proposed(kit);

    await kit.steps.approve.run(otherLead, c.id, META);

    const [created] = kit.dispatches.created;
    const pkg = created.package as unknown as CasePackage;
    expect(created.packageDigest).toBe(packageDigest(pkg));
    expect(created.packageDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(kit.audit.events[1].details).toMatchObject({
      packageSchema: 'crh.case-package/v2',
      packageDigest: created.packageDigest,
    });
    expect(pkg.approval).toEqual({
      proposedBy: `Staff ${c.proposedBy}`,
      proposedAt: expect.any(String),
      approvedBy: `Staff ${otherLead.id}`,
      approvedAt: pkg.approvedAt,
    });
    expect(pkg.referrals.every((r) => Array.isArray(r.documents))).toBe(true);
    expect(kit.checkpointRequests).toEqual([otherLead.id]);
  });

  it('refuses the proposer (four eyes) and audits the refusal, changing nothing', async () => {
    const kit = caseKit();
    const { c, undecided } = proposed(kit, lead.id);

    await expect(kit.steps.approve.run(lead, c.id, META)).rejects.toMatchObject({
      code: 'four_eyes_required',
    });

    expect(kit.statusOf(c.id)).toBe('pending_approval');
    expect(kit.referralStatus(undecided.id)).toBe('in_review');
    expect(kit.dispatches.created).toHaveLength(0);
    expect(kit.outbox.jobs).toHaveLength(0);
    expect(kit.audit.events).toEqual([
      expect.objectContaining({
        action: 'case.approve',
        outcome: 'denied',
        details: { code: 'four_eyes_required' },
      }),
    ]);
  });

  it('is for lead coordinators only', async () => {
    const kit = caseKit();
    const { c } = proposed(kit, lead.id);

    await expect(kit.steps.approve.run(coordinator, c.id, META)).rejects.toMatchObject({
      code: 'case_approve_forbidden',
    });
    expect(kit.statusOf(c.id)).toBe('pending_approval');
    expect(kit.audit.actions()).toEqual(['case.approve:denied']);
  });

  it('refuses a plan whose agency is no longer active, without auditing it as a denial', async () => {
    const kit = caseKit();
    const { c, undecided } = proposed(kit, lead.id, false);

    await expect(kit.steps.approve.run(otherLead, c.id, META)).rejects.toMatchObject({
      code: 'routing_plan_stale',
    });
    expect(kit.statusOf(c.id)).toBe('pending_approval');
    expect(kit.referralStatus(undecided.id)).toBe('in_review');
    expect(kit.audit.events).toHaveLength(0);
    expect(kit.uow.rollbacks).toBe(1);
  });

  it('stores the named liaisons of a RED plan on its dispatch, and records them with the approval', async () => {
    const kit = caseKit();
    const { c, agency, liaison } = proposedRed(kit);

    await kit.steps.approve.run(otherLead, c.id, META);

    expect(kit.dispatches.created[0]).toMatchObject({ tlp: 'RED', namedLiaisonIds: [liaison] });
    expect(kit.audit.events[0].details).toMatchObject({
      namedLiaisons: { [agency.id]: [liaison] },
    });
  });

  it('refuses a RED plan whose named liaison was deactivated since (stale), changing nothing', async () => {
    const kit = caseKit();
    const { c } = proposedRed(kit);
    kit.agencies.liaisons.length = 0;

    await expect(kit.steps.approve.run(otherLead, c.id, META)).rejects.toMatchObject({
      code: 'routing_plan_stale',
    });
    expect(kit.statusOf(c.id)).toBe('pending_approval');
    expect(kit.dispatches.created).toHaveLength(0);
  });

  it('creates dispatches of a weaker plan for the whole agency (no names)', async () => {
    const kit = caseKit();
    const { c } = proposed(kit);
    await kit.steps.approve.run(otherLead, c.id, META);
    expect(kit.dispatches.created[0]).toMatchObject({ namedLiaisonIds: null });
  });

  it('refuses when no referral is left undecided', async () => {
    const kit = caseKit();
    const agency = kit.addAgency();
    const c = kit.addCase({
      status: 'pending_approval',
      proposedBy: lead.id,
      routingPlan: { agencies: [{ agencyId: agency.id, basis: [] }], tlp: 'amber', rationale: 'r' },
    });
    kit.addReferral(c.id, { status: 'withdrawn' });

    await expect(kit.steps.approve.run(otherLead, c.id, META)).rejects.toMatchObject({
      code: 'case_has_no_referrals',
    });
    expect(kit.statusOf(c.id)).toBe('pending_approval');
    expect(kit.dispatches.created).toHaveLength(0);
  });

  it('only approves a case awaiting approval', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'in_review', proposedBy: lead.id });

    await expect(kit.steps.approve.run(otherLead, c.id, META)).rejects.toMatchObject({
      code: 'case_approve_not_allowed_from_in_review',
    });
    expect(kit.audit.events).toHaveLength(0);
  });

  it('answers 404 for a case that does not exist', async () => {
    const kit = caseKit();
    await expect(
      kit.steps.approve.run(otherLead, '00000000-0000-4000-8000-00000000dead', META),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});
