import { Injectable } from '@nestjs/common';

/** Agencies. */
@Injectable()
export class AgenciesService {}
