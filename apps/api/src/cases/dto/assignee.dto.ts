import { ApiProperty } from '@nestjs/swagger';
import { DISPLAY_NAME_MAX } from './response-limits';

/** A colleague a case can be assigned to: who they are, nothing more. */
export class AssigneeResponse {
  @ApiProperty({
    format: 'uuid',
    description: 'The `userId` to send to `POST /cases/{id}/assign`.',
  })
  id!: string;
  @ApiProperty({ maxLength: DISPLAY_NAME_MAX, example: 'Alex Morgan' }) displayName!: string;
  @ApiProperty({ enum: ['coordinator', 'lead_coordinator'] }) role!: string;
}

export class AssigneeListResponse {
  @ApiProperty({
    type: () => [AssigneeResponse],
    description:
      'Active coordinators and lead coordinators of the coalition, by name. Not paged: every one of them.',
  })
  items!: AssigneeResponse[];
}
