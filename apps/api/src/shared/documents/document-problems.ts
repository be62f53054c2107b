import { ProblemException } from '@app/common';
import { BlobIntegrityError, BlobStoreUnavailableError } from '@app/persistence';
import { HttpStatus, Logger } from '@nestjs/common';

const logger = new Logger('Documents');

/** Seconds a client should wait before retrying while the document store is unreachable. */
const STORE_RETRY_AFTER_SECONDS = 5;

/**
 * The answer for a document whose bytes cannot be handed out or kept: 409
 * `document_integrity_failure` when the stored bytes (or their absence) no
 * longer match the SHA-256 recorded for them — the state of the record, not a
 * passing fault, and already logged with both hashes — and 503 with Retry-After
 * when the blob store cannot be reached. Neither says where or how the bytes
 * are kept. Anything else is passed on as it is.
 */
export function documentProblem(error: unknown): unknown {
  if (error instanceof BlobIntegrityError) {
    return new ProblemException(HttpStatus.CONFLICT, {
      code: 'document_integrity_failure',
      detail:
        'The stored document no longer matches the SHA-256 recorded for it and is not handed out; the coalition has been told.',
    });
  }
  if (error instanceof BlobStoreUnavailableError) {
    logger.warn(
      { operation: error.operation, key: error.key, reason: error.reason },
      'The document store could not be reached',
    );
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, {
      code: 'service_unavailable',
      detail: 'The document store is briefly unavailable. Retry shortly.',
      headers: { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    });
  }
  return error;
}

/** Run `work`, answering a document store failure as documentProblem says. */
export async function withDocumentProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw documentProblem(error);
  }
}
