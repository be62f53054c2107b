import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * Reading, verifying and exporting the audit trail. Writing it is the global
 * AuditModule's (@app/audit), which every feature uses.
 */
@Module({
  controllers: [AuditController],
  providers: [AuditService],
})
export class AuditFeatureModule {}
