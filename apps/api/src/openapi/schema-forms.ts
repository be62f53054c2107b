import type { SchemaNode } from './schema-walk';

/**
 * The longest text a format allows, for strings the API writes itself (ids,
 * timestamps it formats). Request fields get their bounds from their validators.
 */
const FORMAT_MAX_LENGTH: Readonly<Record<string, number>> = {
  uuid: 36,
  date: 10,
  // Date#toISOString: 2026-01-31T23:59:59.999Z
  'date-time': 24,
};

/**
 * Rewrite one schema node into OpenAPI 3.1 form. `nullable: true` (what the
 * DTO decorators say) becomes a type list with "null", or `oneOf` with
 * `{type: "null"}` for a reference, so that standard JSON Schema validators
 * and generated clients read "may be null" the same way. 3.0's boolean
 * exclusiveMinimum/Maximum become 3.1's numeric ones.
 */
export function toOpenApi31(node: SchemaNode): void {
  if (node.nullable === true) {
    delete node.nullable;
    const allOf = node.allOf as SchemaNode[] | undefined;
    if (typeof node.$ref === 'string') {
      node.oneOf = [{ $ref: node.$ref }, { type: 'null' }];
      delete node.$ref;
    } else if (allOf?.length === 1 && typeof allOf[0].$ref === 'string') {
      node.oneOf = [allOf[0], { type: 'null' }];
      delete node.allOf;
      delete node.type;
    } else if (typeof node.type === 'string' && Array.isArray(node.enum)) {
      node.oneOf = [{ type: node.type, enum: node.enum }, { type: 'null' }];
      delete node.type;
      delete node.enum;
    } else if (typeof node.type === 'string') {
      node.type = [node.type, 'null'];
    } else if (Array.isArray(node.oneOf) || Array.isArray(node.anyOf)) {
      const list = (node.oneOf ?? node.anyOf) as SchemaNode[];
      if (!list.some((s) => s.type === 'null')) list.push({ type: 'null' });
    } else {
      throw new Error(`Cannot express nullable for schema ${JSON.stringify(node)}`);
    }
  } else if (node.nullable === false) {
    delete node.nullable;
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof node[flag] === 'boolean') {
      if (node[flag] === true) {
        node[flag] = node[bound];
        delete node[bound];
      } else {
        delete node[flag];
      }
    }
  }
}

function typesOf(node: SchemaNode): string[] {
  return Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
}

/** Strings in a fixed format the API writes are bounded by that format. */
export function boundFormattedString(node: SchemaNode): void {
  if (!typesOf(node).includes('string') || node.maxLength !== undefined) return;
  const max = FORMAT_MAX_LENGTH[node.format as string];
  if (max !== undefined) node.maxLength = max;
}
