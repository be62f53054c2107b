import { Injectable } from '@nestjs/common';

/** Jurisdictions. */
@Injectable()
export class JurisdictionsService {}
