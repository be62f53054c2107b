import { Module } from '@nestjs/common';
import { DispatchesModule } from '../dispatches/dispatches.module';
import { HoldsController } from './holds.controller';
import { HoldsService } from './holds.service';

/** Preservation holds an agency places on a dispatched case. Depends on dispatches, never the reverse. */
@Module({
  imports: [DispatchesModule],
  controllers: [HoldsController],
  providers: [HoldsService],
})
export class HoldsModule {}
