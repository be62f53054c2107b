import { createValidationPipe, ValidationProblem } from '@app/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildPreview } from './preview-document';
import { operationsOf, type SchemaNode } from './schema-walk';
import { validatedClasses } from './validation-constraints';

/**
 * Every bound the document states on a request field is enforced: for each
 * string `maxLength` and array `maxItems` in a request schema or query
 * parameter (found in the document, not listed here), a value one longer than
 * the bound is refused for that field, with a refusal the value at the bound
 * does not get. Runs the API's own validation pipe.
 */

type Document = OpenAPIObject & { paths: Record<string, Record<string, unknown>> };
type AnyClass = abstract new (...args: never[]) => unknown;

interface BoundedField {
  where: string;
  type: AnyClass;
  kind: 'body' | 'query';
  property: string;
  atBound: unknown;
  overBound: unknown;
}

const pipe = createValidationPipe();
const UUID = '0b9f3e9c-2c4e-4f8a-9d6b-3f1e2a4b5c6d';

function typesOf(schema: SchemaNode): string[] {
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (typeof schema.type === 'string') return [schema.type];
  const variants = (schema.oneOf ?? schema.anyOf) as SchemaNode[] | undefined;
  return variants ? variants.flatMap(typesOf) : [];
}

function text(schema: SchemaNode, length: number): string {
  if (schema.format === 'uuid') return length <= 36 ? UUID.slice(0, length) : `${UUID}0`;
  return 'x'.repeat(length);
}

function item(schema: SchemaNode | undefined): unknown {
  if (!schema) return 'x';
  const values = schema.enum as unknown[] | undefined;
  if (values?.length) return values[0];
  if (typesOf(schema).includes('string')) return 'x';
  if (typesOf(schema).includes('integer') || typesOf(schema).includes('number')) return 1;
  return {};
}

function boundedFields(
  where: string,
  type: AnyClass,
  kind: 'body' | 'query',
  name: string,
  schema: SchemaNode,
): BoundedField[] {
  const out: BoundedField[] = [];
  const types = typesOf(schema);
  if (types.includes('string') && typeof schema.maxLength === 'number') {
    out.push({
      where,
      type,
      kind,
      property: name,
      atBound: text(schema, schema.maxLength),
      overBound: text(schema, schema.maxLength + 1),
    });
  }
  if (types.includes('array') && typeof schema.maxItems === 'number') {
    const items = schema.items as SchemaNode | undefined;
    out.push({
      where,
      type,
      kind,
      property: name,
      atBound: Array.from({ length: schema.maxItems }, () => item(items)),
      overBound: Array.from({ length: schema.maxItems + 1 }, () => item(items)),
    });
    if (items && typesOf(items).includes('string') && typeof items.maxLength === 'number') {
      out.push({
        where: `${where}[]`,
        type,
        kind,
        property: name,
        atBound: [text(items, items.maxLength)],
        overBound: [text(items, items.maxLength + 1)],
      });
    }
  }
  return out;
}

async function messagesFor(field: BoundedField, value: unknown): Promise<string[]> {
  try {
    await pipe.transform(
      { [field.property]: value },
      { type: field.kind, metatype: field.type as never },
    );
    return [];
  } catch (error) {
    if (!(error instanceof ValidationProblem)) throw error;
    return (error.fieldErrors ?? [])
      .filter((e) => e.field === field.property || e.field.startsWith(`${field.property}[`))
      .flatMap((e) => e.messages);
  }
}

const fields: BoundedField[] = [];

beforeAll(async () => {
  const preview = await buildPreview();
  const document = preview.document as Document;
  const classes = validatedClasses();
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaNode>;
  for (const [name, type] of classes) {
    const schema = schemas[name];
    if (!schema) continue;
    for (const [property, propertySchema] of Object.entries(
      (schema.properties ?? {}) as Record<string, SchemaNode>,
    )) {
      fields.push(...boundedFields(`${name}.${property}`, type, 'body', property, propertySchema));
    }
  }
  for (const op of operationsOf(document)) {
    const type = preview.routes.get(op.operationId ?? '')?.queryType;
    if (!type) continue;
    for (const parameter of op.parameters ?? []) {
      if (parameter.in !== 'query' || !parameter.schema) continue;
      fields.push(
        ...boundedFields(
          `${op.operationId}?${parameter.name}`,
          type,
          'query',
          parameter.name,
          parameter.schema,
        ),
      );
    }
  }
}, 60_000);

describe('request bounds stated in the document', () => {
  it('are read from request bodies, nested request objects and query strings', () => {
    const where = fields.map((f) => f.where);
    expect(where).toEqual(
      expect.arrayContaining([
        'LoginDto.password',
        'ReferralMerchantIdDto.mid',
        'ReferralDraftMerchantDto.tradingNames',
        'ReferralDraftMerchantDto.tradingNames[]',
      ]),
    );
    expect(where.some((w) => w.includes('?'))).toBe(true);
  });

  it('are enforced: one past the bound is refused for that field, at the bound it is not', async () => {
    const unenforced: string[] = [];
    for (const field of fields) {
      const at = new Set(await messagesFor(field, field.atBound));
      const over = await messagesFor(field, field.overBound);
      if (!over.some((m) => !at.has(m))) unenforced.push(field.where);
    }
    expect(unenforced).toEqual([]);
  });
});
