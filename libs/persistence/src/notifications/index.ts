import { MailDeliveriesRepository } from './mail-deliveries.repository';
import { NotificationFactsRepository } from './notification-facts.repository';
import { NotificationsRepository } from './notifications.repository';

export * from './mail-deliveries.repository';
export * from './notification-facts.repository';
export * from './notifications.repository';
/** Registered by PersistenceModule. */
export const NOTIFICATION_REPOSITORIES = [
  NotificationsRepository,
  NotificationFactsRepository,
  MailDeliveriesRepository,
];
