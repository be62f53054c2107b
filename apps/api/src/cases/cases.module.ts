import { Module } from '@nestjs/common';
import { DispatchCreationModule } from '../dispatches/dispatch-creation.module';
import { RoutingModule } from '../routing/routing.module';
import { StixExportModule } from '../stix/stix-export.module';
import { CaseQueries } from './case-queries';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CASE_COMMANDS, CaseViews } from './commands';
import { RoutingPreviewController } from './preview/routing-preview.controller';
import { RoutingPreviewService } from './preview/routing-preview.service';

/** Cases built from referrals, their workflow and the routing suggestion. */
@Module({
  imports: [RoutingModule, DispatchCreationModule, StixExportModule],
  controllers: [CasesController, RoutingPreviewController],
  providers: [CasesService, CaseQueries, RoutingPreviewService, ...CASE_COMMANDS],
  // Information requests are asked about a case and answered on its referral:
  // the member's side answers with the same views.
  exports: [CaseQueries, CaseViews],
})
export class CasesModule {}
