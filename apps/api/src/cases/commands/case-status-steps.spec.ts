import { caseKit, coordinator, lead, META, otherLead, person } from './case-commands.spec-kit';

const auditor = person('00000000-0000-4000-8000-000000000c09', 'auditor');

describe('AssignCase', () => {
  it('claims a triage case for the caller and meets its triage clock', async () => {
    const kit = caseKit();
    kit.addUser(coordinator);
    const c = kit.addCase({ status: 'triage' });

    await kit.steps.assign.run(coordinator, c.id, {}, META);

    expect(kit.store.cases.get(c.id)).toMatchObject({
      status: 'in_review',
      assigneeId: coordinator.id,
    });
    expect(kit.clocks.stopped).toEqual([
      { clock: 'triage', subject: { caseId: c.id }, how: 'met' },
    ]);
    expect(kit.audit.events[0]).toMatchObject({
      action: 'case.assign',
      details: { from: 'triage', to: 'in_review', assigneeId: coordinator.id },
    });
  });

  it('refuses an assignee who is not an active coordinator, changing nothing', async () => {
    const kit = caseKit();
    kit.addUser(lead, { status: 'disabled' } as never);
    const c = kit.addCase({ status: 'triage' });

    await expect(
      kit.steps.assign.run(coordinator, c.id, { userId: lead.id }, META),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    expect(kit.store.cases.get(c.id)).toMatchObject({ status: 'triage', assigneeId: null });
    expect(kit.audit.events).toHaveLength(0);
  });

  it('answers a caller without cases.write as if the case did not exist, changing nothing', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'triage' });

    const refusal = kit.steps.assign.run(auditor, c.id, {}, META);
    await expect(refusal).rejects.toMatchObject({
      code: 'not_found',
      deniedTarget: { type: 'case', id: c.id },
    });
    expect(kit.statusOf(c.id)).toBe('triage');
    expect(kit.audit.events).toHaveLength(0);
    expect(kit.uow.rollbacks).toBe(1);
  });
});

describe('SendBack', () => {
  it('returns a proposal to review with the comment and drops the proposer', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'pending_approval', proposedBy: lead.id });

    await kit.steps.sendBack.run(otherLead, c.id, 'needs another agency', META);

    expect(kit.store.cases.get(c.id)).toMatchObject({
      status: 'in_review',
      statusReason: 'needs another agency',
      proposedBy: null,
    });
    expect(kit.audit.events[0].details).toEqual({ from: 'pending_approval', to: 'in_review' });
  });

  it('needs a comment and a lead', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'pending_approval', proposedBy: lead.id });

    await expect(kit.steps.sendBack.run(otherLead, c.id, ' ', META)).rejects.toMatchObject({
      code: 'reason_required',
    });
    await expect(kit.steps.sendBack.run(coordinator, c.id, 'a reason', META)).rejects.toMatchObject(
      { code: 'case_send_back_forbidden' },
    );
    expect(kit.store.cases.get(c.id)).toMatchObject({
      status: 'pending_approval',
      proposedBy: lead.id,
    });
    expect(kit.audit.actions()).toEqual(['case.send_back:denied']);
  });
});

describe('RejectCase and ReopenCase', () => {
  it('reject declines the undecided referrals, cancels open questions and stops the clocks', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'in_review' });
    const undecided = kit.addReferral(c.id, { status: 'in_review' });
    const asked = kit.addReferral(c.id, { status: 'info_requested' });
    const withdrawn = kit.addReferral(c.id, { status: 'withdrawn' });
    kit.store.infoRequests.set('ir', {
      id: 'ir',
      caseId: c.id,
      referralId: asked.id,
      status: 'open',
    } as never);

    await kit.steps.reject.run(coordinator, c.id, 'not fraud', META);

    expect(kit.store.cases.get(c.id)).toMatchObject({
      status: 'rejected',
      statusReason: 'not fraud',
    });
    expect([undecided, asked, withdrawn].map((r) => kit.referralStatus(r.id))).toEqual([
      'declined',
      'declined',
      'withdrawn',
    ]);
    expect(kit.store.infoRequests.get('ir')!.status).toBe('cancelled');
    expect(kit.clocks.stopped.map((s) => [s.clock, s.how])).toEqual([
      ['info_request', 'cancelled'],
      [['triage'], 'cancelled'],
    ]);
    expect(kit.audit.events[0]).toMatchObject({
      action: 'case.reject',
      details: { from: 'in_review', to: 'rejected', referralsDeclined: 2 },
    });
  });

  it('reject is refused once the routing is proposed, leaving the referrals undecided', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'pending_approval', proposedBy: lead.id });
    const r = kit.addReferral(c.id, { status: 'in_review' });

    await expect(kit.steps.reject.run(coordinator, c.id, 'not fraud', META)).rejects.toMatchObject({
      code: 'case_reject_not_allowed_from_pending_approval',
    });
    expect(kit.referralStatus(r.id)).toBe('in_review');
    expect(kit.audit.events).toHaveLength(0);
  });

  it('a lead reopens a rejected case: its declined referrals are under review again', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'rejected', approvedBy: lead.id });
    const declined = kit.addReferral(c.id, { status: 'declined' });
    const accepted = kit.addReferral(c.id, { status: 'accepted' });

    await kit.steps.reopen.run(lead, c.id, 'new evidence', META);

    expect(kit.store.cases.get(c.id)).toMatchObject({ status: 'in_review', approvedBy: null });
    expect(kit.referralStatus(declined.id)).toBe('in_review');
    expect(kit.referralStatus(accepted.id)).toBe('accepted');
    expect(kit.audit.events[0].details).toEqual({
      from: 'rejected',
      to: 'in_review',
      referralsReopened: 1,
    });
  });

  it('a coordinator may not reopen', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'closed' });
    const declined = kit.addReferral(c.id, { status: 'declined' });

    await expect(kit.steps.reopen.run(coordinator, c.id, 'again', META)).rejects.toMatchObject({
      code: 'case_reopen_forbidden',
    });
    expect(kit.statusOf(c.id)).toBe('closed');
    expect(kit.referralStatus(declined.id)).toBe('declined');
    expect(kit.audit.actions()).toEqual(['case.reopen:denied']);
  });
});

describe('CloseCase', () => {
  it('closes a routed case once every dispatch of its round is finished', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'routed', routingRound: 2 });
    kit.dispatches.statuses.set(`${c.id}#2`, ['accepted', 'declined']);

    await kit.steps.close.run(coordinator, c.id, 'charged', META);

    expect(kit.store.cases.get(c.id)).toMatchObject({ status: 'closed', outcome: 'charged' });
    expect(kit.audit.events[0].details).toEqual({ from: 'routed', to: 'closed' });
  });

  it('refuses while a dispatch of the current round is unfinished', async () => {
    const kit = caseKit();
    const c = kit.addCase({ status: 'routed', routingRound: 2 });
    kit.dispatches.statuses.set(`${c.id}#1`, ['accepted']);
    kit.dispatches.statuses.set(`${c.id}#2`, ['accepted', 'delivered']);

    await expect(kit.steps.close.run(coordinator, c.id, 'charged', META)).rejects.toMatchObject({
      code: 'dispatches_unfinished',
    });
    expect(kit.store.cases.get(c.id)).toMatchObject({ status: 'routed', outcome: null });
  });
});
