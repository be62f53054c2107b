import {
  MEMBER_ACTION_CODES,
  MEMBER_ACTION_NOTE_MAX,
  MEMBER_ACTION_TYPES,
  isMemberActionType,
  memberActionNeedsNote,
  type MemberActionType,
} from '@app/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';
import { Check, IsReferralDate, trim } from '../../shared/validation';

const ACTIONS_DOC = MEMBER_ACTION_TYPES.map((a) => `\`${a.code}\`: ${a.description}`).join(' ');

/** A blank note is no note: trimmed, and empty becomes null. */
const blankToNull = ({ value }: { value: unknown }): unknown => {
  const trimmed = trim({ value });
  return trimmed === '' ? null : trimmed;
};

/**
 * Why a note is refused, or null. Optional, except that `other` says nothing
 * by itself: then the note must say what was done.
 */
export function memberActionNoteProblem(value: unknown, action: unknown): string | null {
  if (value === undefined || value === null) {
    return isMemberActionType(action) && memberActionNeedsNote(action)
      ? 'note is required when action is other: say what was done'
      : null;
  }
  if (typeof value !== 'string') return 'note must be a string';
  if (value.length > MEMBER_ACTION_NOTE_MAX) {
    return `note must be at most ${MEMBER_ACTION_NOTE_MAX} characters`;
  }
  return null;
}

/** POST /referrals/:id/member-actions: what the member did about the merchant. */
export class RecordMemberActionDto {
  @ApiProperty({ enum: MEMBER_ACTION_CODES, description: ACTIONS_DOC })
  @IsIn(MEMBER_ACTION_CODES, {
    message: `action must be one of: ${MEMBER_ACTION_CODES.join(', ')}`,
  })
  action!: MemberActionType;

  @ApiProperty({
    type: String,
    format: 'date',
    example: '2026-11-20',
    description:
      'The day it was done: YYYY-MM-DD, not in the future (today anywhere on Earth is accepted).',
  })
  @Transform(trim)
  @IsReferralDate()
  date!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: MEMBER_ACTION_NOTE_MAX,
    description:
      'Anything the coalition should know about it. Required for `other`. Trimmed; blank is no note. ' +
      'Do not record here whether a suspicious activity report was filed.',
  })
  @Transform(blankToNull)
  @Check(
    'isMemberActionNote',
    (value, object) => memberActionNoteProblem(value, object.action),
    false,
  )
  note?: string | null;
}

export class MemberActionRecorder {
  @ApiProperty({
    format: 'uuid',
    description:
      'The user; for an action recorded with an API key, the member admin who created the key.',
  })
  id!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The API key it was recorded with, if any.',
  })
  apiKeyId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'That API key’s name.' })
  apiKeyName!: string | null;
}

/** One thing the member did about the merchant. Entries are never edited: a correction is a new entry. */
export class MemberActionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ example: 'FCR-2026-000123' }) referralReference!: string;
  @ApiProperty({ enum: MEMBER_ACTION_CODES }) action!: MemberActionType;
  @ApiProperty({ type: String, format: 'date', description: 'The day it was done.' })
  date!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: () => MemberActionRecorder }) recordedBy!: MemberActionRecorder;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded.' }) recordedAt!: string;
}

export class MemberActionListResponse {
  @ApiProperty({
    type: () => [MemberActionResponse],
    description: 'Newest first: by the day it was done, then by when it was recorded.',
  })
  items!: MemberActionResponse[];
}
