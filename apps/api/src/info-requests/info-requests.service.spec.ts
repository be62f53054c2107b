import {
  caseKit,
  coordinator,
  MEMBER_ORG,
  META,
  person,
} from '../cases/commands/case-commands.spec-kit';
import { InfoRequestsService } from './info-requests.service';

const filer = person('00000000-0000-4000-8000-0000000000f1', 'member_admin', MEMBER_ORG);
const otherMember = person(
  '00000000-0000-4000-8000-0000000000f2',
  'member_admin',
  '00000000-0000-4000-8000-0000000000e2',
);

function setup() {
  const kit = caseKit();
  const service = new InfoRequestsService(
    kit.uow as never,
    kit.access,
    kit.requests,
    kit.referrals as never,
    kit.views as never,
    kit.audit,
    kit.clocks as never,
    kit.notifier,
  );
  const c = kit.addCase({ status: 'in_review' });
  const referral = kit.addReferral(c.id, { status: 'info_requested' });
  const ask = (id: string) =>
    kit.requests.create(kit.uow.tx, {
      id,
      caseId: c.id,
      referralId: referral.id,
      organizationId: MEMBER_ORG,
      askedBy: coordinator.id,
      question: 'When?',
    });
  return { kit, service, c, referral, ask };
}

describe('InfoRequestsService.answer', () => {
  it('answers the last open request: the referral returns to review and the clock is met', async () => {
    const { kit, service, c, referral, ask } = setup();
    await ask('ir-1');

    await service.answer(filer, 'ir-1', 'Yesterday', META);

    expect(kit.store.infoRequests.get('ir-1')).toMatchObject({
      status: 'answered',
      answer: 'Yesterday',
      answeredBy: filer.id,
    });
    expect(kit.referralStatus(referral.id)).toBe('in_review');
    expect(kit.clocks.stopped).toEqual([
      { clock: 'info_request', subject: { caseId: c.id, infoRequestId: 'ir-1' }, how: 'met' },
    ]);
    expect(kit.audit.events[0]).toMatchObject({
      action: 'info_request.answer',
      details: { referralId: referral.id, referralStatus: 'in_review', length: 9 },
    });
  });

  it('keeps the referral waiting while another request is open', async () => {
    const { kit, service, referral, ask } = setup();
    await ask('ir-1');
    await ask('ir-2');

    await service.answer(filer, 'ir-1', 'Yesterday', META);

    expect(kit.referralStatus(referral.id)).toBe('info_requested');
    expect(kit.audit.events[0].details).toMatchObject({ referralStatus: 'info_requested' });
  });

  it('refuses a request already answered, changing nothing', async () => {
    const { kit, service, ask } = setup();
    await ask('ir-1');
    await service.answer(filer, 'ir-1', 'Yesterday', META);

    await expect(service.answer(filer, 'ir-1', 'Again', META)).rejects.toMatchObject({
      code: 'info_request_answer_not_allowed_from_answered',
    });
    expect(kit.store.infoRequests.get('ir-1')!.answer).toBe('Yesterday');
    expect(kit.audit.events).toHaveLength(1);
  });

  it("answers another organization's member 404, naming the request as the denied target", async () => {
    const { kit, service, referral, ask } = setup();
    await ask('ir-1');

    await expect(service.answer(otherMember, 'ir-1', 'Mine?', META)).rejects.toMatchObject({
      code: 'not_found',
      deniedTarget: { type: 'information_request', id: 'ir-1' },
    });
    expect(kit.store.infoRequests.get('ir-1')!.status).toBe('open');
    expect(kit.referralStatus(referral.id)).toBe('info_requested');
    expect(kit.audit.events).toHaveLength(0);
  });

  it('answers 404 for a request that does not exist', async () => {
    const { service } = setup();
    await expect(service.answer(filer, 'nope', 'x', META)).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('InfoRequestsService.listForReferral', () => {
  it("lists a referral's requests for its filer and audits the read", async () => {
    const { kit, service, referral, ask } = setup();
    await ask('ir-1');

    const items = await service.listForReferral(filer, referral.id, META);

    expect(items.map((i) => i.id)).toEqual(['ir-1']);
    expect(kit.audit.events[0]).toMatchObject({
      action: 'info_request.read',
      targetId: referral.id,
      details: { count: 1 },
    });
  });

  it("refuses another organization's member", async () => {
    const { kit, service, referral } = setup();
    await expect(service.listForReferral(otherMember, referral.id, META)).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(kit.audit.events).toHaveLength(0);
  });
});
