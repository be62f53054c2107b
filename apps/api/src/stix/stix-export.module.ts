import { Module } from '@nestjs/common';
import { StixExportService } from './stix-export.service';

/** STIX 2.1 exports of dispatches and cases; the routes live with their records' controllers. */
@Module({
  providers: [StixExportService],
  exports: [StixExportService],
})
export class StixExportModule {}
