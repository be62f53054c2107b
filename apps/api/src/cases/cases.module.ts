import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { CaseQueries } from './case-queries';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

/** Cases built from referrals, their workflow and the routing suggestion. */
@Module({
  imports: [RoutingModule],
  controllers: [CasesController],
  providers: [CasesService, CaseQueries],
  // Information requests are asked about a case and answered on its referral.
  exports: [CaseQueries],
})
export class CasesModule {}
