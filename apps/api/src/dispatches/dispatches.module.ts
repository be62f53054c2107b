import { Module } from '@nestjs/common';
import { StixExportModule } from '../stix/stix-export.module';
import { DispatchesController } from './dispatches.controller';
import { DispatchesService } from './dispatches.service';
import { DispatchEvidenceController } from './evidence/dispatch-evidence.controller';
import { DispatchEvidenceService } from './evidence/dispatch-evidence.service';

/** Dispatches of approved cases to agencies, and the agencies' answers. */
@Module({
  imports: [StixExportModule],
  controllers: [DispatchesController, DispatchEvidenceController],
  providers: [DispatchesService, DispatchEvidenceService],
  // Holds are placed on a dispatch and read it through this service.
  exports: [DispatchesService],
})
export class DispatchesModule {}
