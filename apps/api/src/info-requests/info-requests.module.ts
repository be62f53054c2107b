import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { InfoRequestsController } from './info-requests.controller';
import { InfoRequestsService } from './info-requests.service';

/** The filing member's side of information requests: listing and answering them. */
@Module({
  imports: [CasesModule],
  controllers: [InfoRequestsController],
  providers: [InfoRequestsService],
})
export class InfoRequestsModule {}
