import { RecordNotFound } from '@app/common';
import { scopeOf, withinScope, type Permission, type RecordScope } from '@app/domain';
import {
  ApiKeysRepository,
  CasesRepository,
  DispatchesRepository,
  HoldsRepository,
  OrganizationsRepository,
  ReferralsRepository,
  UsersRepository,
  type AccessLoader,
  type ApiKeyEntity,
  type CaseEntity,
  type DispatchWithAgency,
  type HoldEntity,
  type OrganizationEntity,
  type ReferralEntity,
  type Tx,
  type UserEntity,
} from '@app/persistence';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from './auth-user';

/** What each kind of record loads as. */
export interface AccessKinds {
  organization: OrganizationEntity;
  user: UserEntity;
  referral: ReferralEntity;
  case: CaseEntity;
  dispatch: DispatchWithAgency;
  hold: HoldEntity;
  api_key: ApiKeyEntity;
}
export type AccessKind = keyof AccessKinds;

/** The one table of kinds: how each loads, and the word its 404 uses. */
type KindTable = { [K in AccessKind]: { loader: AccessLoader<AccessKinds[K]>; noun: string } };

/**
 * Per-record access, the first step of every command and read that takes an id,
 * inside the command's transaction. "Missing" and "not yours" give the same
 * answer (404), so a caller cannot learn that another organization's record
 * exists; an out-of-reach attempt carries its target, and the problem filter
 * records it in the audit trail (the one place refusals are audited).
 */
@Injectable()
export class AccessService {
  private readonly kinds: KindTable;

  constructor(
    organizations: OrganizationsRepository,
    users: UsersRepository,
    referrals: ReferralsRepository,
    cases: CasesRepository,
    dispatches: DispatchesRepository,
    holds: HoldsRepository,
    apiKeys: ApiKeysRepository,
  ) {
    this.kinds = {
      organization: { loader: organizations, noun: 'organization' },
      user: { loader: users, noun: 'user' },
      referral: { loader: referrals, noun: 'referral' },
      case: { loader: cases, noun: 'case' },
      dispatch: { loader: dispatches, noun: 'dispatch' },
      hold: { loader: holds, noun: 'hold' },
      api_key: { loader: apiKeys, noun: 'API key' },
    };
  }

  /**
   * The record, if `permission` reaches it; else RecordNotFound. `lock` takes
   * the row for update, for commands that change it.
   */
  async require<K extends AccessKind>(
    actor: AuthUser,
    permission: Permission,
    target: { kind: K; id: string },
    options: { tx: Tx; lock?: boolean },
  ): Promise<AccessKinds[K]> {
    const { loader, noun } = this.kinds[target.kind];
    const held = await loader.loadForAccess(options.tx, target.id, {
      lock: options.lock ?? false,
    });
    if (!held) throw new RecordNotFound(noun);
    if (!withinScope(scopeOf(actor, permission), held)) {
      throw RecordNotFound.outOfReach(noun, target.id);
    }
    return held.record;
  }

  /** The caller's reach for a list or search: repositories turn it into their WHERE clause. */
  scopeFilter(actor: AuthUser, permission: Permission): RecordScope {
    return scopeOf(actor, permission);
  }
}
