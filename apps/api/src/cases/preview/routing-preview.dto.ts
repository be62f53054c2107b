import { ApiProperty } from '@nestjs/swagger';

class AgencyPackagePreviewResponse {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ maxLength: 200 }) agencyName!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The package (`crh.case-package/v2`) exactly as the approval would build it for this agency, ' +
      'with `dispatch` `{ id: "00000000-0000-0000-0000-000000000000", reference: "assigned at approval" }` ' +
      'and `approval` naming the caller as the approver.',
  })
  package!: Record<string, unknown>;
}

export class RoutingPreviewResponse {
  @ApiProperty({
    type: [AgencyPackagePreviewResponse],
    maxItems: 50,
    description: 'One package per agency of the proposed routing, in the plan’s order.',
  })
  packages!: AgencyPackagePreviewResponse[];
}
