import {
  MANDATORY_NOTIFICATION_KINDS,
  NOTIFICATION_KINDS,
  NOTIFICATION_MODES,
  type NotificationKind,
  type NotificationMode,
} from '@app/domain';
import { MAX_PAGE_SIZE, PageQueryDto } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { nullableTime, time } from '../../cases/dto/response-fields';
import { CURSOR_MAX } from '../../cases/dto/response-limits';

/** Notifications marked read in one request at most. */
export const MARK_READ_MAX = 100;

const KINDS_TEXT =
  '`info_request.created` (a coordinator asked about your referral), `info_request.answered` (the member ' +
  'answered your question), `dispatch.created` (a new dispatch for your agency), `dispatch.ack_due` (a ' +
  'dispatch nears its acknowledge-by deadline), `hold.placed`, `hold.renewed`, `hold.expiring` (a hold on a ' +
  'case your referral is part of), `outcome.recorded` (an agency recorded an outcome there), ' +
  '`case.assigned` (a case was assigned to you), `approval.waiting` (a routing waits for a lead; never told ' +
  'to its proposer), `sla.breached` (a service-level deadline was missed).';

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: only notifications not yet marked read; false (default): all.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'unread must be true or false' })
  unread?: 'true' | 'false';
}

export class MarkNotificationsReadDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MARK_READ_MAX,
    description: 'Your notifications to mark read; ids that are not yours change nothing.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MARK_READ_MAX)
  @IsUUID('all', { each: true, message: 'each id must be a UUID' })
  ids!: string[];
}

export class NotificationPreferenceDto {
  @ApiProperty({ enum: NOTIFICATION_KINDS, description: KINDS_TEXT })
  @IsIn(NOTIFICATION_KINDS, { message: 'kind must be a notification kind' })
  kind!: NotificationKind;

  @ApiProperty({
    enum: NOTIFICATION_MODES,
    description:
      '`immediate`: a mail for each; `digest`: one mail a day (07:00 UTC) listing them; `off`: no mail ' +
      `(they still appear in the console). ${MANDATORY_NOTIFICATION_KINDS.map((k) => `\`${k}\``).join(', ')} ` +
      'are mandatory and cannot be `off`.',
  })
  @IsIn(NOTIFICATION_MODES, { message: 'mode must be immediate, digest or off' })
  mode!: NotificationMode;
}

export class UpdateNotificationPreferencesDto {
  @ApiProperty({
    type: () => [NotificationPreferenceDto],
    minItems: 1,
    maxItems: NOTIFICATION_KINDS.length,
    description: 'The kinds to change; kinds left out keep their mode.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  @ValidateNested({ each: true })
  @Type(() => NotificationPreferenceDto)
  preferences!: NotificationPreferenceDto[];
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, description: KINDS_TEXT }) kind!: string;
  @ApiProperty({
    maxLength: 64,
    example: 'FCR-2026-000123',
    description: 'The reference of the referral, case or dispatch it is about (FCR-, CASE-, DSP-).',
  })
  reference!: string;
  @ApiProperty({
    maxLength: 200,
    example: '/referrals/7c1e…',
    description: 'The console page it opens, as a path.',
  })
  path!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: 16,
    description: 'The TLP marking of the record; null when it has none.',
  })
  tlp!: string | null;
  @ApiProperty(time) createdAt!: string;
  @ApiProperty({ ...nullableTime, description: 'Null until you mark it read.' })
  readAt!: string | null;
}

export class NotificationPageResponse {
  @ApiProperty({ type: () => [NotificationResponse], maxItems: MAX_PAGE_SIZE })
  items!: NotificationResponse[];
  @ApiProperty({
    type: String,
    nullable: true,
    maxLength: CURSOR_MAX,
    description: 'Pass back as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

export class UnreadCountResponse {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 })
  unread!: number;
}

export class MarkReadResponse extends UnreadCountResponse {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: 2_147_483_647,
    description: 'How many notifications this request marked read.',
  })
  marked!: number;
}

export class NotificationPreferenceResponse {
  @ApiProperty({ enum: NOTIFICATION_KINDS, description: KINDS_TEXT }) kind!: string;
  @ApiProperty({ enum: NOTIFICATION_MODES }) mode!: string;
  @ApiProperty({ description: 'Mandatory kinds cannot be turned off.' }) mandatory!: boolean;
}

export class NotificationPreferencesResponse {
  @ApiProperty({
    type: () => [NotificationPreferenceResponse],
    maxItems: NOTIFICATION_KINDS.length,
    description:
      'Every kind, in a fixed order, with your mode (immediate unless you chose otherwise).',
  })
  items!: NotificationPreferenceResponse[];
}
