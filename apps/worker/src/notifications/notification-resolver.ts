import {
  notificationPath,
  type NotificationKind,
  type NotificationSubject,
  type Role,
} from '@app/domain';
import {
  NotificationFactsRepository,
  type CandidateRow,
  type ReferralFacts,
  type Tx,
} from '@app/persistence';
import type { NotificationEvent } from '@app/queues';
import { Injectable } from '@nestjs/common';

/** One record of an event and who might be told of it (the scope check decides who is). */
export interface SubjectAudience {
  subject: NotificationSubject;
  candidates: CandidateRow[];
  /** Never told: whoever caused the event, a proposer of their own routing. */
  exclude: string[];
}

/** The agency's contact address, told of a new dispatch (a bare notice when restricted). */
export interface ContactNotice {
  email: string;
  /** The dispatch's reference and path; null for a RED or AMBER+STRICT dispatch. */
  reference: string | null;
  path: string | null;
  tlp: string | null;
}

export interface EventAudience {
  audiences: SubjectAudience[];
  contact: ContactNotice | null;
}

const NOBODY: EventAudience = { audiences: [], contact: null };
const COORDINATORS: Role[] = ['coordinator', 'lead_coordinator'];

/**
 * Reads what an event is about and who might be told, when its job runs (so a
 * condition that passed since, such as an acknowledged dispatch or a released
 * hold, tells nobody). The events' subjects are the ones NotificationEvent lists.
 */
@Injectable()
export class NotificationResolver {
  constructor(private readonly facts: NotificationFactsRepository) {}

  async resolve(tx: Tx, event: NotificationEvent): Promise<EventAudience> {
    const exclude = event.actorId ? [event.actorId] : [];
    switch (event.kind) {
      case 'info_request.created': {
        const request = await this.facts.infoRequest(tx, event.subjectId);
        if (!request) return NOBODY;
        return this.toFilers(tx, [request.referral], exclude);
      }
      case 'info_request.answered': {
        const request = await this.facts.infoRequest(tx, event.subjectId);
        if (!request) return NOBODY;
        const staff = await this.facts.usersWithRoles(tx, COORDINATORS);
        return this.aboutCase(
          tx,
          request.caseId,
          staff.filter((u) => u.id === request.askedBy),
          exclude,
        );
      }
      case 'dispatch.created':
      case 'dispatch.ack_due':
        return this.toAgency(tx, event.kind, event.subjectId, exclude);
      case 'hold.placed':
      case 'hold.renewed':
      case 'hold.expiring': {
        const hold = await this.facts.hold(tx, event.subjectId);
        if (!hold) return NOBODY;
        if (event.kind === 'hold.expiring') {
          // Released, expired, or renewed since (a renewal schedules its own warning).
          const expected = event.expectedExpiry ? Date.parse(event.expectedExpiry) : NaN;
          if (hold.status !== 'active' || hold.expiresAt.getTime() !== expected) return NOBODY;
        }
        return this.toFilers(tx, await this.facts.caseReferrals(tx, hold.caseId), exclude);
      }
      case 'outcome.recorded': {
        const dispatch = await this.facts.dispatch(tx, event.subjectId);
        if (!dispatch) return NOBODY;
        return this.toFilers(tx, await this.facts.caseReferrals(tx, dispatch.caseId), exclude);
      }
      case 'case.assigned': {
        const c = await this.facts.caseOf(tx, event.subjectId);
        if (!c?.assigneeId) return NOBODY;
        const staff = await this.facts.usersWithRoles(tx, COORDINATORS);
        return this.aboutCase(
          tx,
          c.id,
          staff.filter((u) => u.id === c.assigneeId),
          exclude,
        );
      }
      case 'approval.waiting': {
        const c = await this.facts.caseOf(tx, event.subjectId);
        if (!c || c.status !== 'pending_approval') return NOBODY;
        const leads = await this.facts.usersWithRoles(tx, ['lead_coordinator']);
        // Four eyes: the proposer never approves, so is never asked to.
        return this.aboutCase(tx, c.id, leads, [
          ...exclude,
          ...(c.proposedBy ? [c.proposedBy] : []),
        ]);
      }
      case 'sla.breached': {
        const clock = await this.facts.clock(tx, event.subjectId);
        if (!clock || clock.status !== 'breached') return NOBODY;
        // Whoever reads alerts: the alert this breach raised is theirs to act on.
        const staff = await this.facts.usersWithRoles(tx, COORDINATORS);
        return this.aboutCase(tx, clock.caseId, staff, exclude, 'alerts.read');
      }
    }
  }

  /** The filing members' users, each told about their own referral. */
  private async toFilers(
    tx: Tx,
    referrals: readonly ReferralFacts[],
    exclude: string[],
  ): Promise<EventAudience> {
    const users = await this.facts.usersOf(tx, [
      ...new Set(referrals.map((r) => r.organizationId)),
    ]);
    return {
      contact: null,
      audiences: referrals.map((r) => ({
        subject: {
          target: { type: 'referral', id: r.id },
          reference: r.reference,
          tlp: r.tlp,
          permission: 'referrals.read',
          owner: { organizationId: r.organizationId, ownerId: r.createdBy },
        },
        candidates: users.filter((u) => u.organizationId === r.organizationId),
        exclude,
      })),
    };
  }

  private async aboutCase(
    tx: Tx,
    caseId: string,
    candidates: CandidateRow[],
    exclude: string[],
    permission: 'cases.read' | 'alerts.read' = 'cases.read',
  ): Promise<EventAudience> {
    const c = await this.facts.caseOf(tx, caseId);
    if (!c) return NOBODY;
    return {
      contact: null,
      audiences: [
        {
          subject: {
            target: { type: 'case', id: c.id },
            reference: c.reference,
            tlp: c.tlp,
            permission,
            owner: { organizationId: null },
          },
          candidates,
          exclude,
        },
      ],
    };
  }

  /** The agency's liaisons who may read the dispatch; for a new one, also its contact address. */
  private async toAgency(
    tx: Tx,
    kind: NotificationKind,
    dispatchId: string,
    exclude: string[],
  ): Promise<EventAudience> {
    const d = await this.facts.dispatch(tx, dispatchId);
    if (!d) return NOBODY;
    // The deadline warning is moot once the dispatch was acknowledged (or never delivered).
    if (kind === 'dispatch.ack_due' && d.status !== 'delivered') return NOBODY;
    const restricted = (d.namedLiaisonIds ?? []).length > 0;
    const target = { type: 'dispatch', id: d.id } as const;
    const contact: ContactNotice | null =
      kind === 'dispatch.created' && d.contactEmail
        ? {
            email: d.contactEmail,
            reference: restricted ? null : d.reference,
            path: restricted ? null : notificationPath(target),
            tlp: restricted ? null : d.tlp,
          }
        : null;
    return {
      contact,
      audiences: [
        {
          subject: {
            target,
            reference: d.reference,
            tlp: d.tlp,
            permission: 'dispatches.read',
            owner: { organizationId: d.agencyOrganizationId, namedRecipients: d.namedLiaisonIds },
          },
          candidates: await this.facts.usersOf(tx, [d.agencyOrganizationId]),
          exclude,
        },
      ],
    };
  }
}
