import { getMetadataStorage, ValidationTypes } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import type { SchemaNode } from './schema-walk';

/** A request class (a constructor with class-validator metadata). */
type RequestClass = abstract new (...args: never[]) => unknown;

/**
 * The request bounds in the document are the validators' own: each
 * class-validator rule on a request class is written into that class's schema
 * (and into the query parameters validated by it). A number stated by hand in
 * `@ApiProperty` that disagrees with the validator is a mistake and fails the
 * build, so the document cannot promise what the API does not enforce.
 */

type Keyword = 'maxLength' | 'minLength' | 'maxItems' | 'minItems' | 'maximum' | 'minimum';

interface Rule {
  /** Applies to the items of an array property (`{ each: true }`) rather than the property. */
  each: boolean;
  apply(
    schema: SchemaNode,
    conflict: (keyword: string, stated: unknown, enforced: unknown) => void,
  ): void;
}

function setKeyword(keyword: Keyword | 'pattern' | 'format', value: unknown): Rule['apply'] {
  return (schema, conflict) => {
    const stated = schema[keyword];
    if (stated === undefined) schema[keyword] = value;
    else if (stated !== value) conflict(keyword, stated, value);
  };
}

function setEnum(values: readonly unknown[]): Rule['apply'] {
  return (schema, conflict) => {
    const stated = schema.enum as unknown[] | undefined;
    if (stated === undefined) {
      schema.enum = [...values];
      return;
    }
    const allowed = new Set(values);
    const extra = stated.filter((v) => v !== null && !allowed.has(v));
    if (extra.length > 0) conflict('enum', stated, values);
  };
}

function ruleOf(meta: ValidationMetadata): Rule | undefined {
  if (meta.type !== ValidationTypes.CUSTOM_VALIDATION) return undefined;
  const [first, second] = (meta.constraints ?? []) as unknown[];
  const each = meta.each === true;
  let apply: Rule['apply'] | undefined;
  switch (meta.name) {
    case 'maxLength':
      apply = setKeyword('maxLength', first);
      break;
    case 'minLength':
      apply = setKeyword('minLength', first);
      break;
    case 'isLength':
      apply = (schema, conflict) => {
        setKeyword('minLength', first)(schema, conflict);
        if (second !== undefined) setKeyword('maxLength', second)(schema, conflict);
      };
      break;
    case 'arrayMaxSize':
      apply = setKeyword('maxItems', first);
      break;
    case 'arrayMinSize':
      apply = setKeyword('minItems', first);
      break;
    case 'max':
      apply = setKeyword('maximum', first);
      break;
    case 'min':
      apply = setKeyword('minimum', first);
      break;
    case 'isIn':
      apply = setEnum(first as unknown[]);
      break;
    case 'isEnum':
      apply = setEnum(second as unknown[]);
      break;
    case 'isUuid':
      apply = (schema, conflict) => {
        setKeyword('format', 'uuid')(schema, conflict);
        setKeyword('maxLength', 36)(schema, conflict);
      };
      break;
    case 'matches':
      if (first instanceof RegExp && first.flags === '')
        apply = setKeyword('pattern', first.source);
      break;
    default:
      break;
  }
  return apply ? { each, apply } : undefined;
}

function targetOf(schema: SchemaNode, each: boolean): SchemaNode | undefined {
  if (!each) return schema;
  const items = schema.items as SchemaNode | undefined;
  return items && typeof items === 'object' ? items : undefined;
}

/** The class-validator rules of `type` (its own and inherited), by property. */
function rulesByProperty(type: RequestClass): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(type, '', true, false)) {
    const list = byProperty.get(meta.propertyName) ?? [];
    list.push(meta);
    byProperty.set(meta.propertyName, list);
  }
  return byProperty;
}

export class ConstraintConflicts {
  readonly found: string[] = [];

  throwIfAny(): void {
    if (this.found.length === 0) return;
    throw new Error(
      'The OpenAPI document states bounds the validators do not enforce:\n  ' +
        this.found.join('\n  '),
    );
  }
}

/** Write the validators of `type` into the schema of one of its properties. */
export function applyPropertyRules(
  type: RequestClass,
  property: string,
  schema: SchemaNode,
  conflicts: ConstraintConflicts,
): void {
  for (const meta of rulesByProperty(type).get(property) ?? []) {
    const rule = ruleOf(meta);
    if (!rule) continue;
    const target = targetOf(schema, rule.each);
    if (!target) continue;
    rule.apply(target, (keyword, stated, enforced) =>
      conflicts.found.push(
        `${type.name}.${property}: ${keyword} is ${JSON.stringify(stated)} in @ApiProperty but ${JSON.stringify(enforced)} in the validator`,
      ),
    );
  }
}

/** Every class that validates request input, by name. */
export function validatedClasses(): Map<string, RequestClass> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<RequestClass | string, ValidationMetadata[]>;
  };
  const classes = new Map<string, RequestClass>();
  for (const target of storage.validationMetadatas.keys()) {
    if (typeof target === 'function') classes.set(target.name, target);
  }
  return classes;
}

/**
 * Make a request class's schema say what its validators enforce, and that
 * unknown properties are refused (the validation pipe forbids them).
 */
export function applyClassRules(
  type: RequestClass,
  schema: SchemaNode,
  conflicts: ConstraintConflicts,
): void {
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  for (const [property, propertySchema] of Object.entries(properties)) {
    applyPropertyRules(type, property, propertySchema, conflicts);
  }
  schema.additionalProperties = false;
}
