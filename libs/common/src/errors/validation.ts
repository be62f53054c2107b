import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldProblem } from './problem';
import { ValidationProblem } from './http-errors';

function childPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/** Flatten class-validator's tree into one entry per offending field path. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const path = childPath(parent, error.property);
    const constraints = error.constraints ?? {};
    const unknownField = 'whitelistValidation' in constraints;
    const absent = error.value === undefined || error.value === null;
    // An absent required field gets one plain message instead of every rule it would break.
    const messages = unknownField
      ? ['is not a known field']
      : absent && Object.keys(constraints).length > 0
        ? ['is required']
        : Object.values(constraints);
    if (messages.length > 0) out.push({ field: path, messages });
    if (error.children && error.children.length > 0) {
      out.push(...flattenValidationErrors(error.children, path));
    }
  }
  return out;
}

/**
 * The one validation pipe: unknown fields are refused, values are converted to
 * the DTO's types, and every bad field is reported at once.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // Values are needed to tell an absent field from a wrong one; they never reach the response.
    validationError: { target: false, value: true },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationProblem(flattenValidationErrors(errors)),
  });
}
