import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

/** What an `Idempotency-Key` may be: 1 to 128 characters of A-Z a-z 0-9 . _ : - */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 128;
export const IDEMPOTENCY_KEY_FORMAT = new RegExp(
  `^[A-Za-z0-9._:-]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`,
);

/** When a route that takes the header answers 409 for it (for its ApiConflictResponse). */
export const IDEMPOTENCY_KEY_REUSED =
  'The Idempotency-Key was already used for a different request (`idempotency_key_reused`).';

/** The response header a replayed answer carries (for a response's `headers`). */
export const IDEMPOTENT_REPLAYED_HEADER = {
  'Idempotent-Replayed': {
    description: 'Present, as `true`, when this is the stored answer to an earlier request.',
    schema: { type: 'string', enum: ['true'] },
  },
};

/**
 * Declares the optional `Idempotency-Key` request header of a create or submit
 * route, bounded as IdempotencyService checks it (400 naming it otherwise).
 */
export const ApiIdempotencyKey = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Retrying with the same key returns the first response (header Idempotent-Replayed: ' +
        'true) instead of acting twice; the same key with a different body answers 409 ' +
        '`idempotency_key_reused`.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
        pattern: IDEMPOTENCY_KEY_FORMAT.source,
      },
    }),
  );
