import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { ValidationProblem } from '../errors/http-errors';

/** Path ids are UUIDs; anything else is a 400 naming the parameter. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUUID(value)) throw ValidationProblem.field(metadata.data ?? 'id', 'must be a UUID');
    return value.toLowerCase();
  }
}
