import { Injectable } from '@nestjs/common';

/** Cases. */
@Injectable()
export class CasesService {}
