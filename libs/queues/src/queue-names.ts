import type { NotificationKind } from '@app/domain';

/** Every BullMQ queue, named once. A processor exists in the worker for each. */
export enum QueueName {
  /** Housekeeping: purge expired sessions and stale rows; replay work whose job was lost. */
  Maintenance = 'maintenance',
  /** A submitted referral: normalise its identifiers, match it to a case, open one if none. */
  Intake = 'intake',
  /** An approved case's dispatch: deliver its package through the agency's channels. */
  Dispatch = 'dispatch',
  /** A service-level clock falls due: breach it if nobody stopped it in time. */
  Sla = 'sla',
  /** Notifications: decide who is told of an event, send their mail, the daily digest. */
  Notifications = 'notifications',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

/**
 * Job names and their payloads, per queue. Every payload carries the id of the
 * outbox row it came from (also its BullMQ job id) and the organization it
 * concerns. Scheduled housekeeping is the one kind of job with no outbox row:
 * losing a run loses nothing, the next run does the same work.
 */
export interface JobPayloads {
  [QueueName.Maintenance]: {
    'purge-expired': { outboxId: string | null; organizationId: null };
    /** Replay work whose job was lost from Redis (on demand; each worker also does it every 30 s). */
    reconcile: { outboxId: string | null; organizationId: null };
  };
  [QueueName.Intake]: {
    'referral-submitted': { outboxId: string; organizationId: string; referralId: string };
  };
  [QueueName.Dispatch]: {
    deliver: { outboxId: string; organizationId: string; dispatchId: string };
  };
  [QueueName.Sla]: {
    'clock-due': { outboxId: string; organizationId: null; clockId: string };
  };
  [QueueName.Notifications]: {
    /** Something happened that people are told of (see NotificationEvent). */
    event: NotificationEvent;
    /** Send one mail delivery row (at most once it is marked sent). */
    'send-mail': { outboxId: string; organizationId: null; deliveryId: string };
    /** The daily digest (scheduled, no outbox row: a lost run is done by the next). */
    digest: { outboxId: string | null; organizationId: null };
  };
}

/**
 * An event people are told of. `subjectId` is the record the kind names: the
 * information request (info_request.*), the dispatch (dispatch.*,
 * outcome.recorded), the hold (hold.*), the case (case.assigned,
 * approval.waiting) or the service-level clock (sla.breached). Whoever caused
 * it (`actorId`) is not told. Its outbox row's id is the event's id: a
 * replayed job tells nobody twice.
 */
export interface NotificationEvent {
  outboxId: string;
  organizationId: null;
  kind: NotificationKind;
  subjectId: string;
  actorId: string | null;
  /** For a check made when the job runs: the hold's expiry it was scheduled for (hold.expiring). */
  expectedExpiry?: string | null;
}

export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = JobPayloads[Q][N];
