import { Controller } from '@nestjs/common';

/** Coordinator alerts. */
@Controller()
export class AlertsController {}
