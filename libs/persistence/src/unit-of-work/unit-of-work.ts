import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../transactions';
import { readRows } from './read-rows';
import { replicaReads, type ReplicaReadOptions } from './replica-reads';
import { txOf, type Tx } from './tx';

/**
 * Where a command's work happens: state change, audit event and outbox rows in
 * one PostgreSQL transaction. Everything inside must use the given Tx: a query
 * on another connection from inside would deadlock on the embedded database and
 * is a consistency bug on a server.
 */
@Injectable()
export class UnitOfWork {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Run `work` in one transaction (READ COMMITTED, PostgreSQL's default). */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, (manager) => work(txOf(manager)));
  }

  /**
   * Reads that may lag the primary (lists, search, statistics), on the read
   * replica when one is configured (see replicaReads). Nothing written here:
   * the audit event of such a read goes on `autocommit` or `run` afterwards.
   */
  replicaRead<T>(work: (tx: Tx) => Promise<T>, options?: ReplicaReadOptions): Promise<T> {
    return replicaReads(this.dataSource, (manager) => work(txOf(manager)), options);
  }

  /** The autocommit connection, for a read that needs no transaction. */
  get autocommit(): Tx {
    return txOf(this.dataSource.manager);
  }

  /** Resolves when the database answers a trivial statement (health checks). */
  async ping(): Promise<void> {
    await readRows(this.autocommit, 'SELECT 1', []);
  }
}
