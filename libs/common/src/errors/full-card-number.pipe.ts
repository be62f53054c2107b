import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { containsFullCardNumber, MASKED_CARD_EXAMPLE } from '@app/domain';
import { ValidationProblem } from './http-errors';

/**
 * The system never holds a full card number. Any request body, query or header
 * value handed to a route that contains one (13–19 digits passing the Luhn
 * check) is refused before validation, naming each field and asking for the
 * masked form. The number itself is never echoed.
 */
@Injectable()
export class FullCardNumberPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Raw documents are checked by the attachment service, which knows their type.
    if ((metadata.type !== 'body' && metadata.type !== 'query') || Buffer.isBuffer(value))
      return value;
    const paths = containsFullCardNumber(value);
    if (paths.length > 0) {
      throw new ValidationProblem(
        paths.map((path) => ({
          field: path === '$' ? (metadata.data ?? 'body') : path,
          messages: [
            `looks like a full card number; give only the BIN (first 6) and last 4 digits, e.g. ${MASKED_CARD_EXAMPLE}`,
          ],
        })),
        'The request contains a full card number, which this system never accepts.',
      );
    }
    return value;
  }
}
