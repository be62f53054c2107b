import { PageQueryDto } from '@app/common';
import { DISPATCH_STATUSES, type DispatchStatus } from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsAbsentOrValid, trim } from '../../shared/validation';
import {
  DISPATCH_OUTCOME_MEANINGS,
  DISPATCH_OUTCOMES,
  type DispatchOutcome,
} from '../dispatch-outcomes';

export const DISPATCH_LIMITS = {
  leCaseNumberMax: 64,
  reasonMin: 3,
  reasonMax: 2000,
  outcomeNoteMax: 4000,
} as const;

export class ListDispatchesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DISPATCH_STATUSES, description: 'Only dispatches in this status.' })
  @IsOptional()
  @IsIn(DISPATCH_STATUSES, { message: `status must be one of: ${DISPATCH_STATUSES.join(', ')}` })
  status?: DispatchStatus;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Only this case's dispatches (a liaison still sees only their agency's).",
  })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;
}

export class AcceptDispatchDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: DISPATCH_LIMITS.leCaseNumberMax,
    example: 'MCU-2026-0042',
    description: "The agency's own case number, if it has one yet.",
  })
  @IsAbsentOrValid()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(DISPATCH_LIMITS.leCaseNumberMax)
  leCaseNumber?: string;
}

export class DeclineDispatchDto {
  @ApiProperty({
    minLength: DISPATCH_LIMITS.reasonMin,
    maxLength: DISPATCH_LIMITS.reasonMax,
    description: 'Why the agency will not take the case; coordinators read it to re-route.',
  })
  @Transform(trim)
  @IsString()
  @MinLength(DISPATCH_LIMITS.reasonMin)
  @MaxLength(DISPATCH_LIMITS.reasonMax)
  reason!: string;
}

const OUTCOME_DOC = DISPATCH_OUTCOMES.map((o) => `\`${o}\`: ${DISPATCH_OUTCOME_MEANINGS[o]}`).join(
  '; ',
);

export class DispatchOutcomeDto {
  @ApiProperty({ enum: DISPATCH_OUTCOMES, description: OUTCOME_DOC })
  @IsIn(DISPATCH_OUTCOMES, { message: `outcome must be one of: ${DISPATCH_OUTCOMES.join(', ')}` })
  outcome!: DispatchOutcome;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: DISPATCH_LIMITS.outcomeNoteMax,
    description: 'Free text for coordinators; required when outcome is `other`.',
  })
  @ValidateIf((o: DispatchOutcomeDto) => o.note !== undefined || o.outcome === 'other')
  @Transform(trim)
  @IsString({ message: 'note is required when outcome is other, and must be text' })
  @MinLength(1)
  @MaxLength(DISPATCH_LIMITS.outcomeNoteMax)
  note?: string;

  @ApiPropertyOptional({
    description:
      "Let the filing members see the agency's case number (recorded at accept) beside this outcome (false when left out). " +
      'Each report states it again: a report without it stops sharing.',
  })
  @IsAbsentOrValid()
  @IsBoolean({ message: 'shareCaseNumberWithFilers must be true or false' })
  shareCaseNumberWithFilers?: boolean;
}
