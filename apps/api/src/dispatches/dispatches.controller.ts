import { Controller } from '@nestjs/common';

/** Dispatches (liaisons act on their agency's; coordinators read). */
@Controller()
export class DispatchesController {}
