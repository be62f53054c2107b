import { Controller } from '@nestjs/common';

/** Agencies (platform admins manage; coordinators read). */
@Controller()
export class AgenciesController {}
