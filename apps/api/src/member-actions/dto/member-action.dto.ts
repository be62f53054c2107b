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
import { IsIn, MaxLength, ValidateIf } from 'class-validator';
import { Check, IsReferralDate, trim } from '../../shared/validation';

const ACTIONS_DOC = MEMBER_ACTION_TYPES.map((a) => `\`${a.code}\`: ${a.description}`).join(' ');

/** A blank note is no note: trimmed, and empty becomes null. */
const blankToNull = ({ value }: { value: unknown }): unknown => {
  const trimmed = trim({ value });
  return trimmed === '' ? null : trimmed;
};

/**
 * Why a note is refused, or null. Optional, except that `other` says nothing
 * by itself: then the note must say what was done. (Its length is checked by
 * MaxLength, which the OpenAPI document reads.)
 */
export function memberActionNoteProblem(value: unknown, action: unknown): string | null {
  if (value === undefined || value === null) {
    return isMemberActionType(action) && memberActionNeedsNote(action)
      ? 'note is required when action is other: say what was done'
      : null;
  }
  if (typeof value !== 'string') return 'note must be a string';
  return null;
}

/** A note is checked when there is one, or when the action needs one. */
const noteToCheck = (object: object, value: unknown): boolean =>
  (value !== undefined && value !== null) ||
  memberActionNeedsNoteFor((object as { action?: unknown }).action);

function memberActionNeedsNoteFor(action: unknown): boolean {
  return isMemberActionType(action) && memberActionNeedsNote(action);
}

/** Bounds of the response strings (the inputs they come from). */
const DISPLAY_NAME_MAX_LENGTH = 120; // a user's displayName
const API_KEY_NAME_MAX_LENGTH = 100; // an API key's name
/** `FCR-2026-000123`; the counter (a PostgreSQL integer) has at most 10 digits. */
const REFERENCE_MAX_LENGTH = 'FCR-2026-'.length + 10;

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
  @ValidateIf(noteToCheck)
  @Check(
    'isMemberActionNote',
    (value, object) => memberActionNoteProblem(value, object.action),
    false,
  )
  @MaxLength(MEMBER_ACTION_NOTE_MAX, {
    message: `note must be at most ${MEMBER_ACTION_NOTE_MAX} characters`,
  })
  note?: string | null;
}

export class MemberActionRecorder {
  @ApiProperty({
    format: 'uuid',
    description:
      'The user; for an action recorded with an API key, the member admin who created the key.',
  })
  id!: string;
  @ApiProperty({ maxLength: DISPLAY_NAME_MAX_LENGTH }) displayName!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The API key it was recorded with, if any.',
  })
  apiKeyId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: API_KEY_NAME_MAX_LENGTH,
    description: 'That API key’s name.',
  })
  apiKeyName!: string | null;
}

/** One thing the member did about the merchant. Entries are never edited: a correction is a new entry. */
export class MemberActionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty({ example: 'FCR-2026-000123', maxLength: REFERENCE_MAX_LENGTH })
  referralReference!: string;
  @ApiProperty({ enum: MEMBER_ACTION_CODES }) action!: MemberActionType;
  @ApiProperty({ type: String, format: 'date', description: 'The day it was done.' })
  date!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: MEMBER_ACTION_NOTE_MAX,
    description: 'Null when none was given.',
  })
  note!: string | null;
  @ApiProperty({ type: () => MemberActionRecorder }) recordedBy!: MemberActionRecorder;
  @ApiProperty({ format: 'date-time', description: 'When it was recorded.' }) recordedAt!: string;
}

export class MemberActionListResponse {
  @ApiProperty({
    type: () => [MemberActionResponse],
    description:
      'Newest first: by the day it was done, then by when it was recorded. Not paged and not capped: entries are never deleted.',
  })
  items!: MemberActionResponse[];
}
