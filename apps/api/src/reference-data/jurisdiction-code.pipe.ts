import { ValidationProblem } from '@app/common';
import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';

/** A jurisdiction code in a path: two letters, upper-cased; anything else is a 400 naming it. */
@Injectable()
export class JurisdictionCodePipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !/^[A-Za-z]{2}$/.test(value)) {
      throw ValidationProblem.field(
        metadata.data ?? 'code',
        'must be a two-letter country code, such as GB',
      );
    }
    return value.toUpperCase();
  }
}
