import { Controller } from '@nestjs/common';

/** Information requests. */
@Controller()
export class InfoRequestsController {}
