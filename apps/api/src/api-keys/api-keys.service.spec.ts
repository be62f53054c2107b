import { RecordNotFound } from '@app/common';
import { META, problemOf } from '../auth/auth-test-kit';
import { organizationsKit } from '../organizations/organizations-test-kit';

function twoMembers() {
  const kit = organizationsKit();
  const ours = kit.addOrganization('ours.example');
  const theirs = kit.addOrganization('theirs.example');
  const admin = kit.addUser(ours, 'member_admin');
  const stranger = kit.addUser(theirs, 'member_admin');
  return { kit, ours, theirs, admin, stranger };
}

describe('ApiKeysService', () => {
  it('should show a new key once, store it in scope order and audit it without the secret', async () => {
    const { kit, ours, admin } = twoMembers();
    const created = await kit.apiKeys.create(
      kit.actorOf(admin),
      ours.id,
      { name: 'Filing system', scopes: ['referrals:read', 'referrals:write'] },
      META,
    );
    expect(created.key.startsWith('crh_')).toBe(true);
    expect(created.scopes).toEqual(['referrals:write', 'referrals:read']);
    const stored = kit.keys.keys.get(created.id);
    expect(stored).toMatchObject({ createdBy: admin.id, organizationId: ours.id });
    expect(JSON.stringify(stored)).not.toContain(created.key);
    expect(kit.audited).toEqual([
      expect.objectContaining({
        action: 'api_key.create',
        targetId: created.id,
        details: {
          organizationId: ours.id,
          prefix: kit.keys.keys.get(created.id)?.prefix,
          scopes: ['referrals:write', 'referrals:read'],
          expiresAt: null,
        },
      }),
    ]);
    expect(JSON.stringify(kit.audited)).not.toContain(created.key);
  });

  it('should neither list nor create keys of another organization (404)', async () => {
    const { kit, theirs, admin } = twoMembers();
    const listed = await problemOf(kit.apiKeys.list(kit.actorOf(admin), theirs.id, {}));
    expect(listed).toBeInstanceOf(RecordNotFound);
    const created = await problemOf(
      kit.apiKeys.create(
        kit.actorOf(admin),
        theirs.id,
        { name: 'x', scopes: ['referrals:write'] },
        META,
      ),
    );
    expect(created.deniedTarget).toEqual({ type: 'organization', id: theirs.id });
    expect(kit.keys.keys.size).toBe(0);
    expect(kit.audited).toHaveLength(0);
  });

  it('should list only the keys of the organization asked for', async () => {
    const { kit, ours, theirs, admin, stranger } = twoMembers();
    const mine = await kit.apiKeys.create(
      kit.actorOf(admin),
      ours.id,
      { name: 'a', scopes: ['referrals:write'] },
      META,
    );
    await kit.apiKeys.create(
      kit.actorOf(stranger),
      theirs.id,
      { name: 'b', scopes: ['referrals:write'] },
      META,
    );
    const page = await kit.apiKeys.list(kit.actorOf(admin), ours.id, {});
    expect(page.items.map((k) => k.id)).toEqual([mine.id]);
  });

  it('should refuse to revoke another organization’s key as not found, and leave it working', async () => {
    const { kit, theirs, admin, stranger } = twoMembers();
    const theirsKey = await kit.apiKeys.create(
      kit.actorOf(stranger),
      theirs.id,
      { name: 'b', scopes: ['referrals:write'] },
      META,
    );
    const refused = await problemOf(kit.apiKeys.revoke(kit.actorOf(admin), theirsKey.id, META));
    expect(refused).toBeInstanceOf(RecordNotFound);
    expect(refused.deniedTarget).toEqual({ type: 'API_key', id: theirsKey.id });
    expect(kit.keys.keys.get(theirsKey.id)?.revokedAt).toBeNull();
    const missing = await problemOf(kit.apiKeys.revoke(kit.actorOf(admin), 'no-such-key', META));
    expect(missing.deniedTarget).toBeUndefined();
  });

  it('should revoke once: a second revocation changes and audits nothing', async () => {
    const { kit, ours, admin } = twoMembers();
    const key = await kit.apiKeys.create(
      kit.actorOf(admin),
      ours.id,
      { name: 'a', scopes: ['referrals:write'] },
      META,
    );
    await kit.apiKeys.revoke(kit.actorOf(admin), key.id, META);
    const revokedAt = kit.keys.keys.get(key.id)?.revokedAt;
    expect(revokedAt).toBeInstanceOf(Date);
    await kit.apiKeys.revoke(kit.actorOf(admin), key.id, META);
    expect(kit.keys.keys.get(key.id)?.revokedAt).toBe(revokedAt);
    expect(kit.audited.map((a) => a.action)).toEqual(['api_key.create', 'api_key.revoke']);
    expect(kit.audited[1].details).toEqual({
      organizationId: ours.id,
      prefix: kit.keys.keys.get(key.id)?.prefix,
    });
  });

  it('should refuse every key operation to a member reporter’s reach', async () => {
    const { kit, ours } = twoMembers();
    const reporter = kit.addUser(ours, 'member_reporter');
    expect(await problemOf(kit.apiKeys.list(kit.actorOf(reporter), ours.id, {}))).toBeInstanceOf(
      RecordNotFound,
    );
  });
});
