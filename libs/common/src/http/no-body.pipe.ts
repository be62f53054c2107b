import { Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationProblem } from '../errors/http-errors';

/**
 * For commands that take no body (approve, acknowledge, retry…): no body or
 * `{}` passes; any field sent is refused with 400 naming it, as unknown fields
 * are everywhere else, instead of being silently ignored.
 * Use as `@Body(NoBodyPipe) _body: unknown`.
 */
@Injectable()
export class NoBodyPipe implements PipeTransform<unknown, undefined> {
  transform(value: unknown): undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw ValidationProblem.field('body', 'must be empty: this command takes no fields');
    }
    const fields = Object.keys(value);
    if (fields.length > 0) {
      throw new ValidationProblem(
        fields.map((field) => ({ field, messages: ['is not a known field'] })),
      );
    }
    return undefined;
  }
}
