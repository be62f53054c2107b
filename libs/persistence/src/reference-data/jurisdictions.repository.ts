import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { JurisdictionEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** The columns a new jurisdiction is inserted with (the rest have defaults). */
export type NewJurisdiction = Omit<JurisdictionEntity, 'createdAt' | 'updatedAt' | 'version'>;

/**
 * Jurisdictions: what administrators record about a country's legislation.
 * Reference data, not organization-owned: every caller the route admits reads
 * the same rows, so no method takes a RecordScope.
 */
@Injectable()
export class JurisdictionsRepository {
  async list(tx: Tx): Promise<JurisdictionEntity[]> {
    return managerOf(tx).find(JurisdictionEntity, { order: { code: 'ASC' } });
  }

  /** With `lock`, the row stays locked (FOR UPDATE) until the transaction ends. */
  async findByCode(
    tx: Tx,
    code: string,
    options: { lock: boolean } = { lock: false },
  ): Promise<JurisdictionEntity | null> {
    const m = managerOf(tx);
    return options.lock
      ? m.findOne(JurisdictionEntity, { where: { code }, lock: { mode: 'pessimistic_write' } })
      : m.findOneBy(JurisdictionEntity, { code });
  }

  /** The row as stored (defaults and version included), after a write of this transaction. */
  async reload(tx: Tx, code: string): Promise<JurisdictionEntity> {
    return managerOf(tx).findOneByOrFail(JurisdictionEntity, { code });
  }

  /** Fails on the primary key (jurisdictions_pkey) when the code is taken. */
  async insert(tx: Tx, values: NewJurisdiction): Promise<void> {
    const m = managerOf(tx);
    await m.insert(JurisdictionEntity, m.create(JurisdictionEntity, values));
  }

  /** Write back a row read (and locked) in this transaction. */
  async save(tx: Tx, jurisdiction: JurisdictionEntity): Promise<void> {
    await managerOf(tx).save(jurisdiction);
  }

  /** The recorded jurisdictions among `codes`. */
  async byCodes(tx: Tx, codes: readonly string[]): Promise<JurisdictionEntity[]> {
    return managerOf(tx).find(JurisdictionEntity, { where: { code: In([...codes]) } });
  }

  /** Which of `codes` are recorded (codes only). */
  async recordedCodes(tx: Tx, codes: readonly string[]): Promise<string[]> {
    const rows = await managerOf(tx).find(JurisdictionEntity, {
      where: { code: In([...codes]) },
      select: { code: true },
    });
    return rows.map((j) => j.code);
  }
}
