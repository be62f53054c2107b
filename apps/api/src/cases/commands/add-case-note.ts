import { actorOf, AuditWriter } from '@app/audit';
import { AccessService, type AuthUser } from '@app/auth';
import type { RequestMeta } from '@app/common';
import { CaseNotesRepository, UnitOfWork } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CaseNoteResponse } from '../dto/case-responses.dto';

/** A coordinator's internal note on a case, in any status. */
@Injectable()
export class AddCaseNote {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly notes: CaseNotesRepository,
    private readonly audit: AuditWriter,
  ) {}

  run(user: AuthUser, caseId: string, body: string, meta: RequestMeta): Promise<CaseNoteResponse> {
    return this.uow.run(async (tx) => {
      // A note changes no field of the case: it needs the case, not its lock.
      await this.access.require(user, 'cases.write', { kind: 'case', id: caseId }, { tx });
      const id = randomUUID();
      await this.notes.add(tx, { id, caseId, authorId: user.id, body });
      await this.audit.record(tx, {
        actor: actorOf(user),
        origin: meta,
        action: 'case.note',
        outcome: 'success',
        targetType: 'case',
        targetId: caseId,
        details: { noteId: id, length: body.length },
      });
      const { note, author } = await this.notes.withAuthor(tx, id, user.id);
      return {
        id: note.id,
        body: note.body,
        author,
        createdAt: note.createdAt.toISOString(),
      };
    });
  }
}
