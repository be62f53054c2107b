import { runMain, StartupError } from '@app/common';
import { openStandaloneDatabase } from '@app/persistence';
import { seedDemo } from './demo-seed';
import { prepareStart } from './prepare';

/** `npm run seed:demo`: apply migrations and the demo seed, then exit. */
runMain('seed:demo', async () => {
  const prepared = await prepareStart(process.env);
  if (!prepared.demoPassword)
    throw new StartupError('The demo seed does not run when NODE_ENV=production.');
  const database = await openStandaloneDatabase({
    url: prepared.env.DATABASE_URL as string,
    poolSize: 1,
  });
  try {
    const summary = await seedDemo(database.uow, prepared.demoPassword);
    process.stdout.write(
      `Demo data: ${summary.organizationsCreated} organizations, ${summary.usersCreated} users, ` +
        `${summary.jurisdictionsCreated} jurisdictions and ${summary.agenciesCreated} agencies created, ` +
        `${summary.passwordsReset} passwords reset. Password: ${prepared.demoPassword}\n`,
    );
  } finally {
    await database.close();
    await prepared.embedded?.stop();
  }
});
