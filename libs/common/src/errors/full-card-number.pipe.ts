import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import {
  findCardNumbers,
  isMerchantIdPath,
  isValidMerchantIdField,
  locateCardNumbers,
  MASKED_CARD_EXAMPLE,
  type CardNumberLocation,
} from '@app/domain';
import { decodedPath } from '../http/request-meta';
import { ValidationProblem } from './http-errors';

/** Request headers the API stores (idempotency records; the audit trail's request id and user agent). */
export const STORED_HEADERS = ['idempotency-key', 'x-request-id', 'user-agent'] as const;

const DETAIL = 'The request contains a full card number, which this system never accepts.';

function cardNumberMessage({ path, brand }: CardNumberLocation, field: string): string {
  const instead = isMerchantIdPath(path)
    ? 'send the merchant id in the format its acquirer issued it (letters, digits, `.`, `_`, `/`, `:`, `-`); a valid merchant id shaped like a card number is accepted and kept masked'
    : `send only the BIN (first 6) and last 4 digits with asterisks between, e.g. ${MASKED_CARD_EXAMPLE}`;
  return `looks like a ${brand} card number in ${field}; ${instead}`;
}

/**
 * The system never holds a full card number. Any request body or query handed
 * to a route that contains one (card-numbers.ts: Luhn, a real brand's prefix
 * and length, under any spelling) is refused before validation, naming each
 * field, the brand recognised and what to send instead. The number itself is
 * never echoed. A valid merchant id is validated as what it is instead
 * (card-shaped-identifiers.ts).
 */
@Injectable()
export class FullCardNumberPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Raw documents are checked by the attachment service, which knows their type.
    if ((metadata.type !== 'body' && metadata.type !== 'query') || Buffer.isBuffer(value))
      return value;
    const found = locateCardNumbers(value, isValidMerchantIdField);
    if (found.length > 0) {
      throw new ValidationProblem(
        found.map((location) => {
          const field = location.path === '$' ? (metadata.data ?? metadata.type) : location.path;
          return { field, messages: [cardNumberMessage(location, field)] };
        }),
        DETAIL,
      );
    }
    return value;
  }
}

/**
 * The refusal for a request whose path or stored headers hold a card number,
 * or null. Neither goes through pipes; path parameters may be recorded (the
 * audit trail's target ids) and the path is logged.
 */
export function cardNumberInRequest(
  headers: Record<string, string | string[] | undefined>,
  url: string,
): ValidationProblem | null {
  const pathBrand = findCardNumbers(decodedPath(url))[0]?.brand;
  const pathErrors =
    pathBrand === undefined
      ? []
      : [
          {
            field: 'path',
            messages: [cardNumberMessage({ path: 'path', brand: pathBrand }, 'the path')],
          },
        ];
  const errors = pathErrors.concat(
    STORED_HEADERS.flatMap((name) => {
      const raw = headers[name];
      const text = Array.isArray(raw) ? raw.join(',') : raw;
      const brand = text === undefined ? undefined : findCardNumbers(text)[0]?.brand;
      return brand === undefined
        ? []
        : [{ field: name, messages: [cardNumberMessage({ path: name, brand }, `header ${name}`)] }];
    }),
  );
  return errors.length > 0 ? new ValidationProblem(errors, DETAIL) : null;
}
