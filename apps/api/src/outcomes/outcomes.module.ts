import { Module } from '@nestjs/common';
import { AgencyQuestionsController } from './agency-questions.controller';
import { AgencyQuestionsService } from './agency-questions.service';
import { OutcomeReportsController } from './outcome-reports.controller';
import { OutcomeReportsService } from './outcome-reports.service';

/**
 * The outcome loop back to the filers: agencies' questions brokered by the
 * coalition, and coordinators' outcome counts. (What members see of outcomes
 * on their referrals is part of the referral response.) Needs the global
 * modules only: the data source, AccessService and AuditWriter.
 */
@Module({
  controllers: [AgencyQuestionsController, OutcomeReportsController],
  providers: [AgencyQuestionsService, OutcomeReportsService],
})
export class OutcomesModule {}
