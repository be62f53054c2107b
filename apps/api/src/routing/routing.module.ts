import { Module } from '@nestjs/common';
import { RoutingService } from './routing.service';

/** Which agency a case goes to, from its jurisdiction. */
@Module({
  providers: [RoutingService],
  exports: [RoutingService],
})
export class RoutingModule {}
