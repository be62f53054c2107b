import { MAX_PAGE_SIZE } from '@app/common';
import { ApiProperty } from '@nestjs/swagger';
import { nullableString, nullableTime, PersonRef, reference, time } from './response-fields';
import { ALERT_MESSAGE_MAX, CURSOR_MAX } from './response-limits';

export class CaseAlertResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: ['sla_breach', 'delivery_failed', 'hold_expired', 'terminated_despite_hold'],
    description:
      '`terminated_despite_hold`: a filing member recorded terminating the merchant while a do_not_terminate hold was active.',
  })
  kind!: string;
  @ApiProperty({ maxLength: ALERT_MESSAGE_MAX }) message!: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The dispatch it is about; null when it is about the case alone.',
  })
  dispatchId!: string | null;
  @ApiProperty(time) createdAt!: string;
  @ApiProperty({ ...nullableTime, description: 'Null until acknowledged.' })
  acknowledgedAt!: string | null;
}

export class AlertResponse extends CaseAlertResponse {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty(reference('CASE-2026-000012')) caseReference!: string;
  @ApiProperty({ type: () => PersonRef, nullable: true, description: 'Null until acknowledged.' })
  acknowledgedBy!: PersonRef | null;
}

export class AlertPageResponse {
  @ApiProperty({ type: () => [AlertResponse], maxItems: MAX_PAGE_SIZE }) items!: AlertResponse[];
  @ApiProperty({
    ...nullableString,
    maxLength: CURSOR_MAX,
    description: 'Pass back as `cursor` for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
