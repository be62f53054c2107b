import { ApiProperty } from '@nestjs/swagger';

/** A colleague a case can be assigned to: who they are, nothing more. */
export class AssigneeResponse {
  @ApiProperty({
    format: 'uuid',
    description: 'The `userId` to send to `POST /cases/{id}/assign`.',
  })
  id!: string;
  @ApiProperty({ example: 'Alex Morgan' }) displayName!: string;
  @ApiProperty({ enum: ['coordinator', 'lead_coordinator'] }) role!: string;
}

export class AssigneeListResponse {
  @ApiProperty({
    type: () => [AssigneeResponse],
    description: 'Active coordinators and lead coordinators of the coalition, by name.',
  })
  items!: AssigneeResponse[];
}
