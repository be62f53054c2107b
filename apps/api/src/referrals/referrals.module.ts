import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ReferralAttachmentsController } from './referral-attachments.controller';
import { ReferralAttachmentsService } from './referral-attachments.service';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';

/** Referrals filed by members, and their attachments. */
@Module({
  imports: [IdempotencyModule],
  controllers: [ReferralsController, ReferralAttachmentsController],
  providers: [ReferralsService, ReferralAttachmentsService],
})
export class ReferralsModule {}
