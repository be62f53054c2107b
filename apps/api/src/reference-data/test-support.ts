import type { AuditRecord, AuditWriter } from '@app/audit';
import type { AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import type { Tx } from '@app/persistence';

/** An AuditWriter that keeps what it was asked to record, for unit tests. */
export class RecordingAuditWriter {
  readonly records: AuditRecord[] = [];

  record(_tx: Tx, record: AuditRecord): Promise<void> {
    this.records.push(record);
    return Promise.resolve();
  }

  asWriter(): AuditWriter {
    return this;
  }
}

export const PLATFORM_ADMIN: AuthUser = {
  id: '00000000-0000-4000-8000-0000000000ad',
  organizationId: '00000000-0000-4000-8000-0000000000c0',
  organizationKind: 'coalition',
  role: 'platform_admin',
  email: 'admin@coalition.example',
  sessionId: '00000000-0000-4000-8000-00000000005e',
};

export const META: RequestMeta = {
  requestId: 'req-1',
  ip: '198.51.100.7',
  userAgent: 'unit-test',
  clientRequestId: null,
};
