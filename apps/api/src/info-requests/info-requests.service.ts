import { Injectable } from '@nestjs/common';

/** Information requests. */
@Injectable()
export class InfoRequestsService {}
