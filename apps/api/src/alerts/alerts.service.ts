import { Injectable } from '@nestjs/common';

/** Coordinator alerts. */
@Injectable()
export class AlertsService {}
