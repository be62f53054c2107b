import { Global, Module } from '@nestjs/common';
import { OutboxWriter } from './outbox-writer';
import { SlaClocks } from './sla-clocks';

@Global()
@Module({ providers: [OutboxWriter, SlaClocks], exports: [OutboxWriter, SlaClocks] })
export class QueuesModule {}
