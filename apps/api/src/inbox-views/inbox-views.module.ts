import { Module } from '@nestjs/common';
import { InboxViewsController } from './inbox-views.controller';
import { InboxViewsService } from './inbox-views.service';

/** Coordinators' saved inbox views: per person, filters only. */
@Module({
  controllers: [InboxViewsController],
  providers: [InboxViewsService],
})
export class InboxViewsModule {}
