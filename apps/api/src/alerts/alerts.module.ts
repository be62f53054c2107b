import { Module } from '@nestjs/common';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

/** Operational alerts raised by the worker, acknowledged by coalition staff. */
@Module({
  controllers: [AlertsController],
  providers: [AlertsService],
})
export class AlertsModule {}
