import { META, problemOf } from '../auth/auth-test-kit';
import { organizationsKit } from './organizations-test-kit';

function platform() {
  const kit = organizationsKit();
  const coalition = kit.addOrganization('coalition.example', { kind: 'coalition' });
  const admin = kit.addUser(coalition, 'platform_admin');
  return { kit, coalition, admin, actor: kit.actorOf(admin) };
}

describe('OrganizationsService', () => {
  it('should create a member with its domains and audit it', async () => {
    const { kit, actor } = platform();
    const created = await kit.organizations.create(
      actor,
      {
        kind: 'member',
        legalName: 'Bank of Examples',
        country: 'GB',
        memberType: 'issuer',
        sharingRegistrationCurrent: true,
        emailDomains: ['Bank.Example', 'bank.example'],
      },
      META,
    );
    expect(created.emailDomains).toEqual(['bank.example']);
    expect(kit.directory.emailDomains.get('bank.example')).toBe(created.id);
    expect(kit.audited).toEqual([
      expect.objectContaining({
        action: 'organization.create',
        targetId: created.id,
        details: {
          kind: 'member',
          country: 'GB',
          status: 'pending_vetting',
          emailDomains: ['bank.example'],
        },
      }),
    ]);
  });

  it('should refuse member fields on an agency and missing ones on a member', async () => {
    const { kit, actor } = platform();
    const agency = await problemOf(
      kit.organizations.create(
        actor,
        { kind: 'law_enforcement', legalName: 'Agency', country: 'GB', memberType: 'issuer' },
        META,
      ),
    );
    expect(agency.fieldErrors?.map((e) => e.field)).toEqual(['memberType']);
    const member = await problemOf(
      kit.organizations.create(actor, { kind: 'member', legalName: 'M', country: 'GB' }, META),
    );
    expect(member.fieldErrors?.map((e) => e.field)).toEqual([
      'memberType',
      'sharingRegistrationCurrent',
    ]);
    expect(kit.directory.organizations.size).toBe(1);
  });

  it('should refuse a domain registered to another organization or used by its accounts', async () => {
    const { kit, actor } = platform();
    const other = kit.addOrganization('taken.example');
    kit.addUser(other, 'member_admin', { email: 'a@used.example' });
    const ours = kit.addOrganization('ours.example');
    const refused = await problemOf(
      kit.organizations.update(
        actor,
        ours.id,
        { emailDomains: ['ours.example', 'taken.example', 'used.example'] },
        META,
      ),
    );
    expect([refused.getStatus(), refused.code]).toEqual([409, 'email_domain_taken']);
    expect(refused.fieldErrors?.[0].messages).toEqual([
      'taken.example is registered to another organization',
      'used.example is the domain of accounts of another organization',
    ]);
    expect(kit.directory.emailDomains.get('taken.example')).toBe(other.id);
    expect(kit.audited).toHaveLength(0);
  });

  it('should end every session of an organization it suspends, and audit the change', async () => {
    const { kit, actor } = platform();
    const member = kit.addOrganization('member.example', { status: 'active' });
    const inside = await kit.openSession(kit.addUser(member, 'member_reporter'));
    const outside = await kit.openSession(
      kit.addUser(kit.addOrganization('x.example'), 'member_admin'),
    );
    const updated = await kit.organizations.update(actor, member.id, { status: 'suspended' }, META);
    expect(updated.status).toBe('suspended');
    expect(kit.sessions.liveFamily(inside)).toBe(false);
    expect(kit.sessions.liveFamily(outside)).toBe(true);
    expect(kit.audited.at(-1)).toMatchObject({
      action: 'organization.update',
      details: { changed: ['status'], status: 'suspended' },
    });
  });

  it('should not let an administrator suspend their own organization', async () => {
    const { kit, coalition, actor } = platform();
    const refused = await problemOf(
      kit.organizations.update(actor, coalition.id, { status: 'suspended' }, META),
    );
    expect(refused.fieldErrors?.map((e) => e.field)).toEqual(['status']);
    expect(kit.directory.organizations.get(coalition.id)?.status).toBe('active');
  });

  it('should record only the fields that changed', async () => {
    const { kit, actor } = platform();
    const member = kit.addOrganization('member.example', { legalName: 'Same' });
    await kit.organizations.update(
      actor,
      member.id,
      { legalName: 'Same', namedInDispatches: true, emailDomains: ['member.example'] },
      META,
    );
    expect(kit.audited.at(-1)?.details).toEqual({
      changed: ['namedInDispatches'],
      status: 'active',
    });
  });

  it('should answer 404 for an organization that does not exist', async () => {
    const { kit, actor } = platform();
    expect((await problemOf(kit.organizations.get(actor, 'nope'))).getStatus()).toBe(404);
  });
});
