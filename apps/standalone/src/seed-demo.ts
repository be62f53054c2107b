import { runMain, StartupError } from '@app/common';
import { openStandaloneDatabase } from '@app/persistence';
import { createApiApp } from '../../api/src/api-app';
import { createWorkerApp } from '../../worker/src/worker-app';
import { seedDemo } from './demo-seed';
import { seedDemoStory, storyLine } from './demo-story';
import { prepareStart } from './prepare';

/**
 * `npm run seed:demo`: apply migrations and the demo seed, then tell the demo's
 * story through an API and a worker hosted for the purpose (nothing listens on
 * a port), then exit.
 */
runMain('seed:demo', async () => {
  const prepared = await prepareStart(process.env);
  const password = prepared.demoPassword;
  if (!password) throw new StartupError('The demo seed does not run when NODE_ENV=production.');
  const database = await openStandaloneDatabase({
    url: prepared.env.DATABASE_URL as string,
    poolSize: 1,
  });
  try {
    const summary = await seedDemo(database.uow, password);
    process.stdout.write(
      `Demo data: ${summary.organizationsCreated} organizations, ${summary.usersCreated} users, ` +
        `${summary.jurisdictionsCreated} jurisdictions and ${summary.agenciesCreated} agencies created, ` +
        `${summary.passwordsReset} passwords reset. Password: ${password}\n`,
    );
  } finally {
    await database.close();
  }
  const api = await createApiApp(prepared.env, { shutdownHooks: false });
  const worker = await createWorkerApp(prepared.env, { shutdownHooks: false });
  try {
    const story = prepared.mfaOff
      ? await seedDemoStory(api, password)
      : ('needs second factors' as const);
    process.stdout.write(`${storyLine(story)}\n`);
  } finally {
    await api.close();
    await worker.close();
    await prepared.embedded?.stop();
  }
});
