import type { PackageDocument, PackageInformationRequest, RecordScope } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DispatchEntity } from '../entities';
import { nextReference } from '../references';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** An agency a routing plan names, as dispatch creation needs it. */
export interface PlannedAgency {
  readonly id: string;
  readonly name: string;
  readonly organizationId: string;
  readonly channels: string[];
  readonly active: boolean;
}

/** What a package carries besides the referrals: their documents, the answers, the staff's names. */
export interface PackageEvidence {
  readonly documents: readonly (PackageDocument & { readonly referralId: string })[];
  readonly answers: readonly PackageInformationRequest[];
  readonly staffNames: ReadonlyMap<string, string>;
}

/** A dispatch as an approval creates it: pending, not yet attempted. */
export type NewDispatch = Pick<
  DispatchEntity,
  | 'id'
  | 'reference'
  | 'caseId'
  | 'agencyId'
  | 'routingRound'
  | 'channels'
  | 'basis'
  | 'tlp'
  | 'packageDigest'
  | 'namedLiaisonIds'
> & { readonly package: Record<string, unknown> };

/** The dispatches an approved routing creates, and what closing a case reads of them. */
@Injectable()
export class PlannedDispatchesRepository {
  /** The agencies with these ids. Agencies are reference data: no scope. */
  async agencies(tx: Tx, ids: readonly string[]): Promise<PlannedAgency[]> {
    const rows: {
      id: string;
      name: string;
      organization_id: string;
      channels: string[];
      active: boolean;
    }[] = await managerOf(tx).query(
      `SELECT id, name, organization_id, channels, active FROM agencies WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((a) => ({
      id: a.id,
      name: a.name,
      organizationId: a.organization_id,
      channels: a.channels,
      active: a.active,
    }));
  }

  /** The next dispatch reference (`DSP-<year of at>-…`), from the kind's sequence: no lock is held. */
  nextReference(tx: Tx, at: Date): Promise<string> {
    return nextReference(managerOf(tx), 'DSP', at);
  }

  /** A new dispatch, pending. The coalition creates it on its case: no scope. */
  /**
   * The referrals' documents (metadata only, oldest first), the answered
   * information requests about them (oldest first) and the display names of
   * the given coalition staff. The caller has already reached the referrals.
   */
  async evidence(
    tx: Tx,
    referralIds: readonly string[],
    staffIds: readonly string[],
  ): Promise<PackageEvidence> {
    const m = managerOf(tx);
    const documents: (PackageDocument & { referralId: string })[] = await m.query(
      `SELECT a.id::text AS id, a.referral_id::text AS "referralId", a.filename,
              a.media_type AS "mediaType", a.size_bytes AS "sizeBytes", a.sha256
         FROM referral_attachments a WHERE a.referral_id = ANY($1::uuid[])
        ORDER BY a.created_at, a.id`,
      [referralIds],
    );
    const answers: PackageInformationRequest[] = await m.query(
      `SELECT r.reference AS "referralReference", q.question,
              to_char(q.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "askedAt",
              q.answer,
              to_char(q.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "answeredAt"
         FROM info_requests q JOIN referrals r ON r.id = q.referral_id
        WHERE q.referral_id = ANY($1::uuid[]) AND q.status = 'answered'
        ORDER BY q.created_at, q.id`,
      [referralIds],
    );
    const staff: { id: string; display_name: string }[] = await m.query(
      `SELECT id::text AS id, display_name FROM users WHERE id = ANY($1::uuid[])`,
      [staffIds],
    );
    return {
      documents,
      answers,
      staffNames: new Map(staff.map((u) => [u.id, u.display_name])),
    };
  }

  async create(tx: Tx, dispatch: NewDispatch): Promise<void> {
    await managerOf(tx).insert(DispatchEntity, {
      ...dispatch,
      package: dispatch.package as DispatchEntity['package'] & object,
      status: 'pending',
      deliveryAttempts: 0,
    });
  }

  /**
   * Statuses of a case's dispatches of one routing round, within the caller's
   * reach (a dispatch is held by its agency's organization).
   */
  async statusesOfRound(
    tx: Tx,
    scope: RecordScope,
    caseId: string,
    routingRound: number,
  ): Promise<string[]> {
    if (scope.reach === 'none') return [];
    const params: unknown[] = [caseId, routingRound];
    const reach =
      scope.reach === 'all'
        ? ''
        : ` AND agency_id IN (SELECT id FROM agencies WHERE organization_id = $${params.push(scope.organizationId)})`;
    const rows: { status: string }[] = await managerOf(tx).query(
      `SELECT status FROM dispatches WHERE case_id = $1 AND routing_round = $2${reach}`,
      params,
    );
    return rows.map((r) => r.status);
  }
}
