import { AuditWriter, SYSTEM_ACTOR } from '@app/audit';
import { PasswordHasher } from '@app/auth';
import { runMain, StartupError, validateEnvironment } from '@app/common';
import {
  accountEmailKey,
  emailAddressProblems,
  passwordProblems,
  registrableEmailDomain,
} from '@app/domain';
import {
  EmailDomainsRepository,
  OrganizationsRepository,
  UsersRepository,
  openStandaloneDatabase,
} from '@app/persistence';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run admin:create -- --email <address> --name "<display name>"
         [--organization "<coalition legal name>"] [--country <ISO alpha-2>]
Creates the first platform administrator (and the coalition organization if it
does not exist). The password is read from ADMIN_PASSWORD, or generated and
printed once. Refuses when an active platform administrator already exists:
further administrators are created through the API. The address must be at one
of the organization's registered e-mail domains; an organization without any
(one this command creates) gets the address's domain registered.`;

/**
 * The way into a new deployment: every other account is created through the
 * API by an administrator, so the first one is made here, on the server.
 */
runMain('admin:create', async () => {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      organization: { type: 'string', default: 'Coalition Secretariat' },
      country: { type: 'string', default: 'GB' },
    },
  });
  if (!values.email || !values.name) throw new StartupError(USAGE);
  const email = values.email.trim();
  const country = (values.country ?? 'GB').trim().toUpperCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new StartupError(`Not an e-mail address: ${email}`);
  // The same rules as for every account created through the API.
  const addressProblems = emailAddressProblems(email);
  if (addressProblems.length > 0) throw new StartupError(`--email ${addressProblems.join('; ')}`);
  const registrable = registrableEmailDomain(email.slice(email.lastIndexOf('@') + 1));
  if ('problem' in registrable) throw new StartupError(`--email domain ${registrable.problem}`);
  const domain = registrable.domain;
  if (!/^[A-Z]{2}$/.test(country))
    throw new StartupError(`Not an ISO 3166-1 alpha-2 country: ${country}`);

  const env = validateEnvironment(process.env, { require: ['DATABASE_URL'] });
  const given = process.env.ADMIN_PASSWORD;
  const password = given && given.length > 0 ? given : randomBytes(18).toString('base64url');
  const problems = passwordProblems(password, { email });
  if (problems.length > 0) throw new StartupError(`ADMIN_PASSWORD ${problems.join('; ')}`);
  const passwordHash = await new PasswordHasher().hash(password);

  const { uow, close } = await openStandaloneDatabase({
    url: env.DATABASE_URL as string,
    poolSize: 1,
  });
  // System work on an empty deployment: no caller, so no scope to narrow by.
  const users = new UsersRepository();
  const organizations = new OrganizationsRepository();
  const emailDomains = new EmailDomainsRepository();
  try {
    const created = await uow.run(async (m) => {
      // Serialise concurrent runs; the check below then sees any admin just made.
      await users.lockBootstrap(m);
      if (await users.activePlatformAdminExists(m)) {
        throw new StartupError(
          'An active platform administrator exists already; create further accounts through the API.',
        );
      }
      const existing = await organizations.findByLegalName(m, values.organization, country);
      if (existing && existing.kind !== 'coalition') {
        throw new StartupError(
          `${values.organization} exists but is not the coalition organization.`,
        );
      }
      const organizationId = existing?.id ?? randomUUID();
      if (!existing) {
        await organizations.insertCoalition(m, organizationId, values.organization, country);
      }
      // The first administrator's domain is the organization's to register, as
      // a platform administrator would through the API; otherwise the same
      // rule as every account: the address is at one of its domains.
      const domains = await emailDomains.of(m, organizationId);
      if (domains.length === 0) {
        const conflicts = await emailDomains.conflicts(m, organizationId, [domain]);
        if (conflicts.length > 0) throw new StartupError(`--email ${conflicts.join('; ')}`);
        await emailDomains.replace(m, organizationId, [domain]);
      } else if (!domains.includes(domain)) {
        throw new StartupError(
          `--email must be at one of ${values.organization}'s registered domains: ${domains.join(', ')}`,
        );
      }
      const userId = randomUUID();
      await users.insertPlatformAdmin(m, {
        id: userId,
        organizationId,
        email,
        emailNormalized: accountEmailKey(email),
        displayName: values.name as string,
        passwordHash,
      });
      await new AuditWriter().record(m, {
        actor: SYSTEM_ACTOR,
        origin: null,
        action: 'user.bootstrap_platform_admin',
        outcome: 'success',
        targetType: 'user',
        targetId: userId,
        details: { organizationId, organizationCreated: !existing, emailDomain: domain },
      });
      return { userId, organizationCreated: !existing };
    });
    process.stdout.write(
      `Platform administrator ${email} created${created.organizationCreated ? ` in the new organization ${values.organization}` : ''}.\n` +
        (given ? '' : `Password (shown once, change it after signing in): ${password}\n`),
    );
  } finally {
    await close();
  }
});
