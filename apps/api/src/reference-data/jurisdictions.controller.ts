import { Controller } from '@nestjs/common';

/** Jurisdictions (platform admins manage; coordinators read). */
@Controller()
export class JurisdictionsController {}
