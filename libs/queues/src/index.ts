export * from './queue-names';
export * from './outbox-writer';
export * from './queues.module';
export * from './redis-connection';
export * from './health/health-probe';
export * from './health/health-probe.module';
export * from './queue-inspector';
export * from './sla-clocks';
