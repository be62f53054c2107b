import { AuditModule } from '@app/audit';
import { ApiKeyAuthModule, AuthModule } from '@app/auth';
import { AppConfigModule, buildLoggerParams, type Environment } from '@app/common';
import type { DynamicModule } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { HealthProbeModule, QueueInspector, QueuesModule } from '@app/queues';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AuthFeatureModule } from './auth/auth-feature.module';
import { HealthController } from './health/health.controller';
import { IdempotencyService } from './idempotency/idempotency.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { QueuesController } from './queues/queues.controller';
import { OrganizationsService } from './organizations/organizations.service';
import { RouteDeclarationsCheck } from './route-declarations.check';
import { ReferralAttachmentsController } from './referrals/referral-attachments.controller';
import { ReferralAttachmentsService } from './referrals/referral-attachments.service';
import { ReferralsController } from './referrals/referrals.controller';
import { ReferralsService } from './referrals/referrals.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { AgenciesController } from './reference-data/agencies.controller';
import { AgenciesService } from './reference-data/agencies.service';
import { JurisdictionsController } from './reference-data/jurisdictions.controller';
import { JurisdictionsService } from './reference-data/jurisdictions.service';
import { RoutingService } from './routing/routing.service';
import { DispatchesController } from './dispatches/dispatches.controller';
import { DispatchesService } from './dispatches/dispatches.service';
import { HoldsController } from './holds/holds.controller';
import { HoldsService } from './holds/holds.service';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { CASE_COMMANDS } from './cases/commands';
import { CaseQueries } from './cases/case-queries';
import { InfoRequestsController } from './info-requests/info-requests.controller';
import { InfoRequestsService } from './info-requests/info-requests.service';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { AuditController } from './audit/audit.controller';
import { AuditService } from './audit/audit.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { RateLimitsModule } from './rate-limits/rate-limits.module';
import { MemberActionsModule } from './member-actions/member-actions.module';

/** The API process's root module, built from the validated environment. */
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
        AuthFeatureModule,
        HealthProbeModule,
        DiscoveryModule,
        MemberActionsModule,
      ],
      controllers: [
        HealthController,
        OrganizationsController,
        UsersController,
        ReferralsController,
        ReferralAttachmentsController,
        QueuesController,
        CasesController,
        InfoRequestsController,
        AlertsController,
        AuditController,
        DispatchesController,
        HoldsController,
        JurisdictionsController,
        AgenciesController,
        ApiKeysController,
      ],
      providers: [
        OrganizationsService,
        UsersService,
        ReferralsService,
        ReferralAttachmentsService,
        IdempotencyService,
        CasesService,
        ...CASE_COMMANDS,
        CaseQueries,
        InfoRequestsService,
        AlertsService,
        AuditService,
        DispatchesService,
        HoldsService,
        JurisdictionsService,
        AgenciesService,
        RoutingService,
        ApiKeysService,
        QueueInspector,
        RouteDeclarationsCheck,
      ],
    };
  }
}
