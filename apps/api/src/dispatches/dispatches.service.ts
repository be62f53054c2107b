import { Injectable } from '@nestjs/common';

/** Dispatches. */
@Injectable()
export class DispatchesService {}
