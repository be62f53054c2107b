import { Global, Module } from '@nestjs/common';
import { Notifier } from './notifier';
import { OutboxWriter } from './outbox-writer';
import { SlaClocks } from './sla-clocks';

@Global()
@Module({
  providers: [OutboxWriter, SlaClocks, Notifier],
  exports: [OutboxWriter, SlaClocks, Notifier],
})
export class QueuesModule {}
