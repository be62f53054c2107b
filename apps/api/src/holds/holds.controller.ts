import { Controller } from '@nestjs/common';

/** Holds placed by agencies. */
@Controller()
export class HoldsController {}
