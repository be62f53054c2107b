import { Module } from '@nestjs/common';
import { MemberActionsController } from './member-actions.controller';
import { MemberActionsService } from './member-actions.service';

/**
 * Member actions (POST and GET /referrals/:id/member-actions). Needs the
 * global modules only: the data source, AccessService and AuditWriter.
 */
@Module({
  controllers: [MemberActionsController],
  providers: [MemberActionsService],
})
export class MemberActionsModule {}
