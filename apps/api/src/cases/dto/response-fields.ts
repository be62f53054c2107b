import { ApiProperty } from '@nestjs/swagger';
import {
  COUNTRY_CODE_LENGTH,
  COUNTRY_CODE_PATTERN,
  DISPLAY_NAME_MAX,
  REFERENCE_MAX,
} from './response-limits';

/** Field shapes the case, alert and information-request answers share. */
export const nullableString = { type: String, nullable: true } as const;
export const nullableTime = { type: String, format: 'date-time', nullable: true } as const;
export const time = { type: String, format: 'date-time' } as const;
export const reference = (example: string) => ({ maxLength: REFERENCE_MAX, example }) as const;
export const countryCode = {
  minLength: COUNTRY_CODE_LENGTH,
  maxLength: COUNTRY_CODE_LENGTH,
  pattern: COUNTRY_CODE_PATTERN,
} as const;

/**
 * Lists of a case that grow with the work done on it and that the API does not
 * cap; they are read whole with the case.
 */
export const UNCAPPED = 'Not paged: every entry of the case.';

export class PersonRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    maxLength: DISPLAY_NAME_MAX,
    description: 'Empty when the account can no longer be read.',
  })
  displayName!: string;
}
