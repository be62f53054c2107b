import { HOLD_SCOPES, type HoldScope } from '@app/domain';
import { ApiProperty } from '@nestjs/swagger';
import { DISPATCH_OUTCOMES, type DispatchOutcome } from '../../dispatches/dispatch-outcomes';
import { DISPATCH_LIMITS } from '../../dispatches/dto/dispatch.dto';
import { HOLD_LIMITS } from '../../holds/dto/hold.dto';
import { AGENCY_LIMITS } from '../../reference-data/dto/agency.dto';

/** What the agencies' side adds to a referral as its filer reads it: holds and reported outcomes. */

export class ReferralHoldResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: HOLD_SCOPES,
    description:
      '`do_not_terminate`: keep the merchant’s account open; `do_not_contact`: do not alert the merchant; `do_not_share`: do not pass the case on.',
  })
  scope!: HoldScope;
  @ApiProperty({
    description: 'The agency’s reason, written for the filing members.',
    maxLength: HOLD_LIMITS.reasonMax,
  })
  reason!: string;
  @ApiProperty({ format: 'date-time', description: 'When the hold lapses unless renewed.' })
  expiresAt!: string;
  @ApiProperty({
    enum: ['active', 'expired'],
    description: 'Released holds are not shown; an expired one is kept so members know it lapsed.',
  })
  status!: 'active' | 'expired';
  @ApiProperty({
    description: 'The name of the agency that placed the hold.',
    maxLength: AGENCY_LIMITS.name,
  })
  agency!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ReferralAgencyOutcomeResponse {
  @ApiProperty({
    description:
      'The agency that reported it (members know whom the coalition routes to; holds name it too).',
    maxLength: AGENCY_LIMITS.name,
  })
  agency!: string;
  @ApiProperty({
    enum: DISPATCH_OUTCOMES,
    description: 'What the agency reported, as the dispatch outcome wire value.',
  })
  status!: DispatchOutcome;
  @ApiProperty({
    maxLength: 200,
    description: 'The same in plain words for the filing member.',
    example: 'A law-enforcement agency opened an investigation.',
  })
  summary!: string;
  @ApiProperty({ format: 'date-time', description: 'When the agency reported it.' })
  recordedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: DISPATCH_LIMITS.leCaseNumberMax,
    description:
      "The agency's own case number, only when the agency chose to share it with the filers; otherwise null.",
  })
  agencyCaseNumber!: string | null;
}
