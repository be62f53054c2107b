import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { imagePayloadProblem, invisibleCharacterProblem } from '@app/domain';
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

/** Far deeper than any request of this API; class-transformer recurses and would overflow the stack. */
export const MAX_INPUT_DEPTH = 32;
const MAX_INPUT_PROBLEMS = 20;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it has an unpaired surrogate)';
  return invisibleCharacterProblem(text) ?? imagePayloadProblem(text);
}

function isPlainContainer(value: unknown): value is object {
  if (Array.isArray(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * What no field of any request may hold, checked before class-transformer and
 * class-validator see the input: nesting deeper than MAX_INPUT_DEPTH, and text
 * (values or field names) PostgreSQL cannot store or validators cannot read
 * (NUL, unpaired UTF-16 surrogates), and images smuggled in as text (SVG,
 * data: URIs, base64 pictures: hard rule 1). Iterative, so any depth is safe to walk.
 */
export function inputShapeProblems(value: unknown, root: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0 && out.length < MAX_INPUT_PROBLEMS) {
    const item = stack.pop() as { value: unknown; path: string; depth: number };
    const field = item.path || root;
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value);
      if (problem) out.push({ field, messages: [problem] });
      continue;
    }
    if (!isPlainContainer(item.value)) continue;
    if (item.depth >= MAX_INPUT_DEPTH) {
      out.push({ field, messages: [`is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`] });
      continue;
    }
    const entries: [string, unknown][] = Array.isArray(item.value)
      ? item.value.map((v: unknown, i) => [String(i), v])
      : Object.entries(item.value);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i];
      if (textProblem(key)) {
        out.push({ field, messages: ['has a field name that is not valid text'] });
        continue;
      }
      stack.push({ value: child, path: childPath(item.path, key), depth: item.depth + 1 });
    }
  }
  return out;
}

/** ValidationPipe that first refuses what inputShapeProblems finds in a body or query. */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && this.toValidate(metadata)) {
      const problems = inputShapeProblems(value, metadata.data ?? metadata.type);
      if (problems.length > 0) throw new ValidationProblem(problems);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * The one validation pipe: unknown fields are refused, values are converted to
 * the DTO's types, and every bad field is reported at once.
 */
export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
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
