import { Module } from '@nestjs/common';
import { RetentionController } from './retention.controller';
import { RetentionService } from './retention.service';

/** Retention's dry run for platform administrators. The purge runs in the worker, never here. */
@Module({
  controllers: [RetentionController],
  providers: [RetentionService],
})
export class RetentionModule {}
