/**
 * Tests arrange rows with TypeORM directly and then call the audit writer, the
 * outbox or the SLA clocks in the same transaction: they hand the manager over
 * as the Tx it is. Product code never does this (lint keeps the manager inside
 * libs/persistence).
 */
export { txOf } from '@app/persistence/unit-of-work/tx';
