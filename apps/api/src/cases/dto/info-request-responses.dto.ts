import { ApiProperty } from '@nestjs/swagger';
import { CASE_TEXT_MAX } from './case-commands.dto';
import {
  nullableString,
  nullableTime,
  PersonRef,
  reference,
  time,
  UNCAPPED,
} from './response-fields';

/** What every reader of an information request sees. */
class InfoRequestFields {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty(reference('FCR-2026-000123')) referralReference!: string;
  @ApiProperty({ maxLength: CASE_TEXT_MAX }) question!: string;
  @ApiProperty({ enum: ['open', 'answered', 'cancelled'] }) status!: string;
  @ApiProperty({
    ...nullableString,
    maxLength: CASE_TEXT_MAX,
    description: 'Null until answered.',
  })
  answer!: string | null;
  @ApiProperty(time) askedAt!: string;
  @ApiProperty({ ...nullableTime, description: 'Null until answered.' }) answeredAt!: string | null;
}

const FILER_LEAVES_OUT =
  'Coordinators only: left out of what a filer reads, since filers never see the case nor who asked or answered.';

/**
 * An information request on the routes filers and coordinators share
 * (`/referrals/{id}/info-requests`, `/info-requests/{id}/answer`): a filer's
 * answer leaves out the case and the people, a coordinator's carries them.
 */
export class InfoRequestResponse extends InfoRequestFields {
  @ApiProperty({ format: 'uuid', required: false, description: FILER_LEAVES_OUT })
  caseId?: string;
  @ApiProperty({ type: () => PersonRef, required: false, description: FILER_LEAVES_OUT })
  askedBy?: PersonRef;
  @ApiProperty({
    type: () => PersonRef,
    nullable: true,
    required: false,
    description: `${FILER_LEAVES_OUT} Null until answered.`,
  })
  answeredBy?: PersonRef | null;
}

export class InfoRequestListResponse {
  @ApiProperty({
    type: () => [InfoRequestResponse],
    description: `Every request about the referral, oldest first. ${UNCAPPED}`,
  })
  items!: InfoRequestResponse[];
}

/** An information request as coordinators read it on a case: always with the case and the people. */
export class CaseInfoRequestResponse extends InfoRequestFields {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ type: () => PersonRef, description: 'The coordinator who asked.' })
  askedBy!: PersonRef;
  @ApiProperty({
    type: () => PersonRef,
    nullable: true,
    description: 'Who answered for the filer; null until answered.',
  })
  answeredBy!: PersonRef | null;
}

export type InfoRequestView = InfoRequestResponse;
export type CaseInfoRequestView = CaseInfoRequestResponse;
