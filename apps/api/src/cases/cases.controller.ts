import { Controller } from '@nestjs/common';

/** Cases (coordinators). */
@Controller()
export class CasesController {}
