import { Injectable } from '@nestjs/common';
import { CaseNoteEntity, UserEntity } from '../entities';
import { managerOf, type Tx } from '../unit-of-work/tx';

/** A note with its author's name, as the case shows it. */
export interface CaseNoteWithAuthor {
  readonly note: CaseNoteEntity;
  readonly author: { readonly id: string; readonly displayName: string };
}

/**
 * Coordinators' internal notes on cases. Notes are the coalition's (written by
 * its coordinators on its cases): no member organization holds one, so no scope.
 */
@Injectable()
export class CaseNotesRepository {
  async add(
    tx: Tx,
    note: Pick<CaseNoteEntity, 'id' | 'caseId' | 'authorId' | 'body'>,
  ): Promise<void> {
    const m = managerOf(tx);
    await m.insert(CaseNoteEntity, m.create(CaseNoteEntity, note));
  }

  /** A note as stored, with its author. */
  async withAuthor(tx: Tx, noteId: string, authorId: string): Promise<CaseNoteWithAuthor> {
    const m = managerOf(tx);
    const author = await m.findOneByOrFail(UserEntity, { id: authorId });
    const note = await m.findOneByOrFail(CaseNoteEntity, { id: noteId });
    return { note, author: { id: author.id, displayName: author.displayName } };
  }

  /** A merged case's notes go to the case it was merged into. */
  async moveToCase(tx: Tx, fromCaseId: string, toCaseId: string): Promise<void> {
    await managerOf(tx).query(`UPDATE case_notes SET case_id = $2 WHERE case_id = $1`, [
      fromCaseId,
      toCaseId,
    ]);
  }
}
