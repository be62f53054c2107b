import { AuditModule } from '@app/audit';
import { ApiKeyAuthModule, AuthModule } from '@app/auth';
import { AppConfigModule, buildLoggerParams, type Environment } from '@app/common';
import type { DynamicModule } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { QueuesModule } from '@app/queues';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AlertsModule } from './alerts/alerts.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditFeatureModule } from './audit/audit-feature.module';
import { AuthFeatureModule } from './auth/auth-feature.module';
import { CasesModule } from './cases/cases.module';
import { DispatchesModule } from './dispatches/dispatches.module';
import { HealthModule } from './health/health.module';
import { HoldsModule } from './holds/holds.module';
import { InfoRequestsModule } from './info-requests/info-requests.module';
import { MemberActionsModule } from './member-actions/member-actions.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { QueuesFeatureModule } from './queues/queues-feature.module';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { ReferenceDataModule } from './reference-data/reference-data.module';
import { ReferralsModule } from './referrals/referrals.module';
import { RouteDeclarationsCheck } from './route-declarations.check';
import { UsersModule } from './users/users.module';
import { SearchModule } from './search/search.module';
import { InboxViewsModule } from './inbox-views/inbox-views.module';
import { StatisticsModule } from './statistics/statistics.module';
import { MetricsModule } from './metrics/metrics.module';
import { RetentionModule } from './retention/retention.module';

/**
 * The API process's root module, built from the validated environment: the
 * global infrastructure first, then one module per feature.
 *
 * The order of the feature modules is the order of the paths in the OpenAPI
 * document (and so of the console's generated client): keep it, and import a
 * module another feature depends on no earlier than here (cases brings routing,
 * holds brings dispatches, both without controllers of their own to reorder).
 */
export class ApiModule {
  static forRoot(env: Environment): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggerModule.forRoot(buildLoggerParams({ level: env.LOG_LEVEL, service: 'api' })),
        PersistenceModule,
        AuditModule,
        QueuesModule,
        AuthModule,
        ApiKeyAuthModule,
        // After AuthModule: its guard runs once the caller (user or API key) is known.
        RateLimitsModule,
        DiscoveryModule,
        MetricsModule,
        HealthModule,
        OrganizationsModule,
        UsersModule,
        ReferralsModule,
        QueuesFeatureModule,
        CasesModule,
        InfoRequestsModule,
        AlertsModule,
        NotificationsModule,
        AuditFeatureModule,
        DispatchesModule,
        HoldsModule,
        ReferenceDataModule,
        ApiKeysModule,
        AuthFeatureModule,
        MemberActionsModule,
        OutcomesModule,
        SearchModule,
        InboxViewsModule,
        StatisticsModule,
        RetentionModule,
      ],
      providers: [RouteDeclarationsCheck],
    };
  }
}
