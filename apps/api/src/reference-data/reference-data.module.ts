import { Module } from '@nestjs/common';
import { AgenciesController } from './agencies.controller';
import { AgenciesService } from './agencies.service';
import { JurisdictionsController } from './jurisdictions.controller';
import { JurisdictionsService } from './jurisdictions.service';

/** Jurisdictions and the agencies that cover them, kept by coalition administrators. */
@Module({
  controllers: [JurisdictionsController, AgenciesController],
  providers: [JurisdictionsService, AgenciesService],
})
export class ReferenceDataModule {}
