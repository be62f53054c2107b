import type { RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { Raw, type FindOperator } from 'typeorm';
import {
  AgencyEntity,
  CaseEntity,
  DispatchEntity,
  HoldEntity,
  InfoRequestEntity,
} from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** No condition for `all`; otherwise the records of agencies the scope reaches. */
function agencyWithin(scope: RecordScope): { agencyId?: FindOperator<string> } {
  switch (scope.reach) {
    case 'all':
      return {};
    case 'organization':
      return {
        agencyId: Raw(
          (alias) => `${alias} IN (SELECT id FROM agencies WHERE organization_id = :org)`,
          {
            org: scope.organizationId,
          },
        ),
      };
    case 'owner':
    case 'none':
      // Owner reach is about referrals a user filed; it reaches no agency's record.
      return { agencyId: Raw(() => 'FALSE') };
  }
}

/** No condition for `all`; otherwise the scope's organization on an organization_id column. */
function organizationWithin(scope: RecordScope): {
  organizationId?: FindOperator<string> | string;
} {
  switch (scope.reach) {
    case 'all':
      return {};
    case 'organization':
      return { organizationId: scope.organizationId };
    case 'owner':
    case 'none':
      return { organizationId: Raw(() => 'FALSE') };
  }
}

/**
 * What an SLA job reads and changes about a clock's subject: the case's
 * reference, the dispatch and agency named in a breach, the information
 * request, and the hold whose expiry the clock times. Dispatches and holds are
 * held by the receiving agency's organization and information requests by
 * the asking member's, so those take the caller's RecordScope (the worker
 * passes SYSTEM_SCOPE); cases and agencies are the coalition's reference and
 * take none.
 */
@Injectable()
export class SlaSubjectsRepository {
  async caseReference(tx: Tx, caseId: string): Promise<string | null> {
    return (await managerOf(tx).findOneBy(CaseEntity, { id: caseId }))?.reference ?? null;
  }

  dispatch(tx: Tx, scope: RecordScope, id: string): Promise<DispatchEntity | null> {
    return managerOf(tx).findOneBy(DispatchEntity, { id, ...agencyWithin(scope) });
  }

  /** Agencies are reference data every coordinator sees. */
  agency(tx: Tx, id: string): Promise<AgencyEntity | null> {
    return managerOf(tx).findOneBy(AgencyEntity, { id });
  }

  infoRequest(tx: Tx, scope: RecordScope, id: string): Promise<InfoRequestEntity | null> {
    return managerOf(tx).findOneBy(InfoRequestEntity, { id, ...organizationWithin(scope) });
  }

  /** A hold, locked until the transaction ends. */
  lockHold(tx: Tx, scope: RecordScope, id: string): Promise<HoldEntity | null> {
    return managerOf(tx).findOne(HoldEntity, {
      where: { id, ...agencyWithin(scope) },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The hold ran out (the caller holds it locked and found it active past its expiry). */
  async expireHold(tx: Tx, scope: RecordScope, id: string): Promise<void> {
    await managerOf(tx).update(HoldEntity, { id, ...agencyWithin(scope) }, { status: 'expired' });
  }
}
