import { RecordNotFound } from '@app/common';
import { META, problemOf } from '../auth/auth-test-kit';
import { organizationsKit } from '../organizations/organizations-test-kit';
import { EMAIL_REFUSALS_PER_DAY } from './users.service';

const PASSWORD = 'a long enough passphrase';

function twoMembers() {
  const kit = organizationsKit();
  const coalition = kit.addOrganization('coalition.example', { kind: 'coalition' });
  const ours = kit.addOrganization('ours.example');
  const theirs = kit.addOrganization('theirs.example');
  const admin = kit.addUser(ours, 'member_admin');
  const platformAdmin = kit.addUser(coalition, 'platform_admin');
  return { kit, coalition, ours, theirs, admin, platformAdmin };
}

async function notFound(promise: Promise<unknown>) {
  const problem = await problemOf(promise);
  expect(problem).toBeInstanceOf(RecordNotFound);
  return problem;
}

describe('UsersService', () => {
  describe('reach', () => {
    it('should list only the users of a member admin’s own organization', async () => {
      const { kit, ours, theirs, admin } = twoMembers();
      const colleague = kit.addUser(ours, 'member_reporter');
      kit.addUser(theirs, 'member_reporter');
      const page = await kit.users.list(kit.actorOf(admin), ours.id, {});
      expect(page.items.map((u) => u.id).sort()).toEqual([admin.id, colleague.id].sort());
      const refused = await notFound(kit.users.list(kit.actorOf(admin), theirs.id, {}));
      expect(refused.deniedTarget).toEqual({ type: 'organization', id: theirs.id });
    });

    it('should answer 404 for another organization’s user, as for a missing one', async () => {
      const { kit, theirs, admin, platformAdmin } = twoMembers();
      const stranger = kit.addUser(theirs, 'member_reporter');
      const refused = await notFound(kit.users.get(kit.actorOf(admin), stranger.id));
      expect(refused.deniedTarget).toEqual({ type: 'user', id: stranger.id });
      const missing = await notFound(kit.users.get(kit.actorOf(admin), 'no-such-user'));
      expect(missing.deniedTarget).toBeUndefined();
      expect((await kit.users.get(kit.actorOf(platformAdmin), stranger.id)).id).toBe(stranger.id);
    });

    it('should not let a member admin change another organization’s user', async () => {
      const { kit, theirs, admin } = twoMembers();
      const stranger = kit.addUser(theirs, 'member_reporter');
      await notFound(
        kit.users.update(kit.actorOf(admin), stranger.id, { status: 'suspended' }, META),
      );
      expect(kit.directory.users.get(stranger.id)?.status).toBe('active');
      expect(kit.audited).toHaveLength(0);
    });
  });

  describe('create', () => {
    const dto = (email: string, role: 'member_reporter' | 'member_admin' | 'platform_admin') => ({
      email,
      displayName: 'New Person',
      role,
      password: PASSWORD,
    });

    it('should create an account at a registered domain and audit it', async () => {
      const { kit, ours, admin } = twoMembers();
      const created = await kit.users.create(
        kit.actorOf(admin),
        ours.id,
        dto('new.person@ours.example', 'member_reporter'),
        META,
      );
      expect(created).toMatchObject({ organizationId: ours.id, role: 'member_reporter' });
      expect(created).not.toHaveProperty('passwordHash');
      expect(kit.directory.users.get(created.id)?.passwordHash).toBe(`hashed:${PASSWORD}`);
      expect(kit.audited).toEqual([
        expect.objectContaining({
          action: 'user.create',
          outcome: 'success',
          targetId: created.id,
          details: { organizationId: ours.id, role: 'member_reporter' },
        }),
      ]);
    });

    it('should not let a member admin grant a role above theirs', async () => {
      const { kit, ours, admin } = twoMembers();
      const before = kit.directory.users.size;
      const refused = await problemOf(
        kit.users.create(
          kit.actorOf(admin),
          ours.id,
          dto('boss@ours.example', 'platform_admin'),
          META,
        ),
      );
      expect(refused).toMatchObject({
        fieldErrors: [
          {
            field: 'role',
            messages: [
              'your role may not grant platform_admin',
              'platform_admin does not fit a member organization',
            ],
          },
        ],
      });
      expect(kit.directory.users.size).toBe(before);
    });

    it('should refuse an address outside the organization’s domains', async () => {
      const { kit, ours, admin } = twoMembers();
      const refused = await problemOf(
        kit.users.create(
          kit.actorOf(admin),
          ours.id,
          dto('someone@theirs.example', 'member_reporter'),
          META,
        ),
      );
      expect(refused).toMatchObject({
        fieldErrors: [
          {
            field: 'email',
            messages: [
              "E-mail address must be at one of this organization's registered domains: ours.example",
            ],
          },
        ],
      });
    });

    it('should answer 409 for a taken address and audit who holds it', async () => {
      const { kit, ours, admin } = twoMembers();
      const holder = kit.addUser(ours, 'member_reporter');
      const before = kit.directory.users.size;
      const refused = await problemOf(
        kit.users.create(kit.actorOf(admin), ours.id, dto(holder.email, 'member_reporter'), META),
      );
      expect([refused.getStatus(), refused.code, refused.auditRecorded]).toEqual([
        409,
        'email_taken',
        true,
      ]);
      expect(kit.audited.at(-1)).toMatchObject({
        action: 'user.create',
        outcome: 'denied',
        details: { reason: 'email_taken', organizationId: ours.id, heldByOrganizationId: ours.id },
      });
      expect(kit.directory.users.size).toBe(before);
    });

    it('should stop a member admin after too many taken addresses, but not a platform admin', async () => {
      const { kit, ours, admin, platformAdmin } = twoMembers();
      const recent = Array.from({ length: EMAIL_REFUSALS_PER_DAY }, () => new Date());
      kit.directory.emailTakenRefusals.set(admin.id, recent);
      kit.directory.emailTakenRefusals.set(platformAdmin.id, recent);
      const refused = await problemOf(
        kit.users.create(
          kit.actorOf(admin),
          ours.id,
          dto('x@ours.example', 'member_reporter'),
          META,
        ),
      );
      expect([refused.getStatus(), refused.code]).toEqual([429, 'too_many_refusals']);
      expect(kit.audited.at(-1)?.details).toEqual({ reason: 'too_many_taken_addresses' });
      const created = await kit.users.create(
        kit.actorOf(platformAdmin),
        ours.id,
        dto('x@ours.example', 'member_reporter'),
        META,
      );
      expect(created.email).toBe('x@ours.example');
    });

    it('should let fewer refusals through', async () => {
      const { kit, ours, admin } = twoMembers();
      kit.directory.emailTakenRefusals.set(
        admin.id,
        Array.from({ length: EMAIL_REFUSALS_PER_DAY - 1 }, () => new Date()),
      );
      const created = await kit.users.create(
        kit.actorOf(admin),
        ours.id,
        dto('y@ours.example', 'member_reporter'),
        META,
      );
      expect(created.email).toBe('y@ours.example');
    });
  });

  describe('update', () => {
    it('should end the sessions of a user whose role changes, and audit what changed', async () => {
      const { kit, ours, admin } = twoMembers();
      const reporter = kit.addUser(ours, 'member_reporter');
      const session = await kit.openSession(reporter);
      const updated = await kit.users.update(
        kit.actorOf(admin),
        reporter.id,
        { role: 'member_admin', displayName: 'Renamed' },
        META,
      );
      expect(updated).toMatchObject({ role: 'member_admin', displayName: 'Renamed' });
      expect(kit.sessions.liveFamily(session)).toBe(false);
      expect(kit.audited.at(-1)).toMatchObject({
        action: 'user.update',
        details: { changed: ['displayName', 'role'], role: 'member_admin', status: 'active' },
      });
    });

    it('should keep the sessions of a user whose name alone changes', async () => {
      const { kit, ours, admin } = twoMembers();
      const reporter = kit.addUser(ours, 'member_reporter');
      const session = await kit.openSession(reporter);
      await kit.users.update(kit.actorOf(admin), reporter.id, { displayName: 'New name' }, META);
      expect(kit.sessions.liveFamily(session)).toBe(true);
    });

    it('should refuse suspending oneself, resetting one’s own password or changing one’s role', async () => {
      const { kit, admin } = twoMembers();
      const refused = await problemOf(
        kit.users.update(
          kit.actorOf(admin),
          admin.id,
          { status: 'suspended', password: PASSWORD, role: 'member_reporter' },
          META,
        ),
      );
      const fields = (refused.fieldErrors ?? []).map((e) => e.field);
      expect(fields.sort()).toEqual(['password', 'role', 'status']);
      expect(kit.directory.users.get(admin.id)).toMatchObject({
        status: 'active',
        role: 'member_admin',
      });
      expect(kit.audited).toHaveLength(0);
    });

    it('should not let a member admin promote a user beyond member roles', async () => {
      const { kit, ours, admin } = twoMembers();
      const reporter = kit.addUser(ours, 'member_reporter');
      await problemOf(
        kit.users.update(kit.actorOf(admin), reporter.id, { role: 'coordinator' }, META),
      );
      expect(kit.directory.users.get(reporter.id)?.role).toBe('member_reporter');
    });

    it('should reset another user’s password and end their sessions', async () => {
      const { kit, ours, admin } = twoMembers();
      const reporter = kit.addUser(ours, 'member_reporter');
      const session = await kit.openSession(reporter);
      await kit.users.update(kit.actorOf(admin), reporter.id, { password: PASSWORD }, META);
      expect(kit.directory.users.get(reporter.id)?.passwordHash).toBe(`hashed:${PASSWORD}`);
      expect(kit.sessions.tokens.get([...kit.sessions.tokens.keys()][0])?.revokedReason).toBe(
        'user_password',
      );
      expect(kit.sessions.liveFamily(session)).toBe(false);
    });
  });
});
