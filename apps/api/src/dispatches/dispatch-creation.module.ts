import { Module } from '@nestjs/common';
import { DispatchCreation } from './dispatch-creation';

/**
 * Creating a case's dispatches on its approval. Apart from DispatchesModule so
 * that cases depend on it without bringing the dispatch routes (and their place
 * in the OpenAPI document) ahead of their own.
 */
@Module({ providers: [DispatchCreation], exports: [DispatchCreation] })
export class DispatchCreationModule {}
