import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter.service';

/**
 * The global rate-limit guard. Import it after AuthModule: global guards run in
 * the order their modules are registered, and this one needs the
 * authenticated user or API key that AuthModule's guard sets.
 */
@Module({
  providers: [RateLimiter, { provide: APP_GUARD, useClass: RateLimitGuard }],
})
export class RateLimitsModule {}
