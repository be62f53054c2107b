import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';

/** Replays of commands sent with an Idempotency-Key. */
@Module({
  providers: [IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
