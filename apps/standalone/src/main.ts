import { describeRedisTarget, redisTargetOf, runMain } from '@app/common';
import { openStandaloneDatabase } from '@app/persistence';
import { PinoLogger } from 'nestjs-pino';
import { symbols, type DestinationStream } from 'pino';
import { createApiApp, DOCS_PATH } from '../../api/src/api-app';
import { createWorkerApp } from '../../worker/src/worker-app';
import { DEMO_USERS } from './demo-data';
import { seedDemo } from './demo-seed';
import { seedDemoStory, storyLine, type StoryOutcome } from './demo-story';
import { prepareStart } from './prepare';

/**
 * `npm start`: one process hosting the API and the worker, on the embedded
 * database unless DATABASE_URL is set. Shutdown is ordered: the API drains
 * in-flight requests, the worker finishes or releases its jobs, then the
 * embedded database closes.
 */
runMain('start', async () => {
  const prepared = await prepareStart(process.env);
  const { env } = prepared;

  if (prepared.demoPassword) {
    const database = await openStandaloneDatabase({ url: env.DATABASE_URL as string, poolSize: 1 });
    try {
      await seedDemo(database.uow, prepared.demoPassword);
    } finally {
      await database.close();
    }
  }

  const api = await createApiApp(env, { shutdownHooks: false });
  const worker = await createWorkerApp(env, { shutdownHooks: false });
  // The story is told through the API with the worker running, before anyone can sign in.
  // A story that cannot be told (a demo record an administrator changed, say) is reported
  // on the console; the start goes on without it.
  let story: StoryOutcome | undefined;
  if (prepared.demoPassword) {
    story = prepared.mfaOff
      ? await seedDemoStory(api, prepared.demoPassword).catch((error: unknown) => ({
          failed: error instanceof Error ? error.message : String(error),
        }))
      : 'needs second factors';
  }
  await api.listen(env.PORT, env.HOST);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal} received: draining requests and jobs...\n`);
    void (async () => {
      await api.close().catch(() => undefined);
      await worker.close().catch(() => undefined);
      await prepared.embedded?.stop().catch(() => undefined);
      process.exit(0);
    })();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  const base = (await api.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const lines = [
    '',
    'Coalition Referral Hub is running.',
    `  Console:      ${base}/  (sign in with a demo login below)`,
    `  API:          ${base}/api/v1`,
    `  OpenAPI:      ${base}/${DOCS_PATH}`,
    `  Health:       ${base}/api/v1/health`,
    `  Database:     ${prepared.embedded ? `embedded (PGlite) in ${env.DATA_DIR}/pgdata` : 'DATABASE_URL'}`,
    `  Redis:        ${describeRedisTarget(redisTargetOf(env))} (key prefix "${env.QUEUE_PREFIX}")`,
  ];
  if (prepared.migrationsApplied.length > 0) {
    lines.push(`  Migrations:   applied ${prepared.migrationsApplied.join(', ')}`);
  }
  for (const g of prepared.generated) lines.push(`  Generated:    ${g}`);
  if (prepared.demoPassword) {
    lines.push('', 'Demo logins (fictitious organizations and people), all with the password:');
    lines.push(`  ${prepared.demoPassword}`);
    for (const u of DEMO_USERS) lines.push(`  ${u.email.padEnd(32)} ${u.role}`);
  }
  if (story) lines.push('', storyLine(story));
  if (prepared.mfaOff) {
    lines.push(
      '',
      '  !! WARNING: second factors (MFA) are NOT required in this demo start. Set',
      '  !! MFA_REQUIRED_ROLES (for example coordinator,lead_coordinator,le_liaison,',
      '  !! platform_admin,auditor) to require them, as production does by default.',
    );
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  // Last, after the start-up logs: pino writes those asynchronously (its flush does not wait
  // for a write under way), so the banner goes through the same stream, which keeps the order.
  const { logger } = await api.resolve(PinoLogger);
  (logger as unknown as Record<symbol, DestinationStream>)[symbols.streamSym].write(
    lines.join('\n'),
  );
});
