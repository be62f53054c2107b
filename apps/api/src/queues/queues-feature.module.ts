import { QueueInspector } from '@app/queues';
import { Module } from '@nestjs/common';
import { QueuesController } from './queues.controller';

/**
 * The operators' view of the job queues. The inspector is also what the
 * mounted queue dashboard reads (found with app.get), so it lives here.
 */
@Module({
  controllers: [QueuesController],
  providers: [QueueInspector],
})
export class QueuesFeatureModule {}
