import { Injectable } from '@nestjs/common';

/** Routing suggestions for a case. */
@Injectable()
export class RoutingService {}
