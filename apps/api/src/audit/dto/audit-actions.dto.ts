import { AUDIT_ACTIONS } from '@app/audit';
import { ApiProperty } from '@nestjs/swagger';

const NAMES = AUDIT_ACTIONS.map(([action]) => action);

export class AuditActionResponse {
  @ApiProperty({ enum: NAMES, description: 'The action as events record it.' })
  action!: string;
  @ApiProperty({ maxLength: 100, description: 'What it means, in plain words.' })
  label!: string;
}

export class AuditActionListResponse {
  @ApiProperty({ type: () => [AuditActionResponse], maxItems: NAMES.length })
  items!: AuditActionResponse[];
}

/** The list as the route answers it, sorted by label. */
export function auditActionList(): AuditActionListResponse {
  return {
    items: AUDIT_ACTIONS.map(([action, label]) => ({ action, label })).sort((a, b) =>
      a.label.localeCompare(b.label, 'en'),
    ),
  };
}
