import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
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
import { CaseQueries } from './cases/case-queries';
import { InfoRequestsController } from './info-requests/info-requests.controller';
import { InfoRequestsService } from './info-requests/info-requests.service';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';

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
        AuthFeatureModule,
        HealthProbeModule,
        DiscoveryModule,
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
        DispatchesController,
        HoldsController,
        JurisdictionsController,
        AgenciesController,
      ],
      providers: [
        OrganizationsService,
        UsersService,
        ReferralsService,
        ReferralAttachmentsService,
        IdempotencyService,
        CasesService,
        CaseQueries,
        InfoRequestsService,
        AlertsService,
        DispatchesService,
        HoldsService,
        JurisdictionsService,
        AgenciesService,
        RoutingService,
        QueueInspector,
        RouteDeclarationsCheck,
      ],
    };
  }
}
