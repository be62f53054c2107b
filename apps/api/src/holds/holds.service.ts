import { Injectable } from '@nestjs/common';

/** Holds. */
@Injectable()
export class HoldsService {}
