import { runMain, StartupError } from '@app/common';
import { dataSourceOptions } from '@app/persistence';
import { DataSource } from 'typeorm';
import { seedDemo } from './demo-seed';
import { prepareStart } from './prepare';

/** `npm run seed:demo`: apply migrations and the demo seed, then exit. */
runMain('seed:demo', async () => {
  const prepared = await prepareStart(process.env);
  if (!prepared.demoPassword)
    throw new StartupError('The demo seed does not run when NODE_ENV=production.');
  const ds = new DataSource(
    dataSourceOptions({ url: prepared.env.DATABASE_URL as string, poolSize: 1 }),
  );
  await ds.initialize();
  try {
    const summary = await seedDemo(ds, prepared.demoPassword);
    process.stdout.write(
      `Demo data: ${summary.organizationsCreated} organizations, ${summary.usersCreated} users, ` +
        `${summary.jurisdictionsCreated} jurisdictions and ${summary.agenciesCreated} agencies created, ` +
        `${summary.passwordsReset} passwords reset. Password: ${prepared.demoPassword}\n`,
    );
  } finally {
    await ds.destroy();
    await prepared.embedded?.stop();
  }
});
