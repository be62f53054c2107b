/** A JSON Schema object as it appears in the document (loosely typed: the post-pass rewrites it). */
export type SchemaNode = Record<string, unknown>;

const SUBSCHEMA_LISTS = ['allOf', 'oneOf', 'anyOf', 'prefixItems'] as const;
const SUBSCHEMAS = ['items', 'not', 'additionalProperties'] as const;

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Visit `schema` and every schema nested in it, parents before children. */
export function walkSchema(schema: unknown, visit: (node: SchemaNode) => void): void {
  if (!isNode(schema)) return;
  visit(schema);
  const properties = schema.properties;
  if (isNode(properties)) for (const child of Object.values(properties)) walkSchema(child, visit);
  for (const key of SUBSCHEMAS) walkSchema(schema[key], visit);
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) for (const child of list) walkSchema(child, visit);
  }
}

interface MediaTypes {
  content?: Record<string, { schema?: unknown }>;
}

/** Every schema of the document: components, parameters, bodies, responses and their headers. */
export function walkDocumentSchemas(
  document: {
    paths: Record<string, Record<string, unknown>>;
    components?: { schemas?: Record<string, unknown> };
  },
  visit: (node: SchemaNode) => void,
): void {
  for (const schema of Object.values(document.components?.schemas ?? {})) walkSchema(schema, visit);
  for (const operation of operationsOf(document)) {
    for (const parameter of operation.parameters ?? []) walkSchema(parameter.schema, visit);
    for (const media of Object.values(operation.requestBody?.content ?? {})) {
      walkSchema(media.schema, visit);
    }
    for (const response of Object.values(operation.responses ?? {})) {
      for (const media of Object.values(response.content ?? {})) walkSchema(media.schema, visit);
      for (const header of Object.values(response.headers ?? {})) walkSchema(header.schema, visit);
    }
  }
}

export const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'] as const;

export interface OperationNode {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: SchemaNode }[];
  requestBody?: MediaTypes & { required?: boolean };
  responses?: Record<
    string,
    MediaTypes & {
      $ref?: string;
      description?: string;
      headers?: Record<string, { schema?: unknown; $ref?: string }>;
    }
  >;
  security?: Record<string, string[]>[];
  tags?: string[];
  summary?: string;
  description?: string;
}

export function operationsOf(document: {
  paths: Record<string, Record<string, unknown>>;
}): OperationNode[] {
  return Object.values(document.paths).flatMap((item) =>
    HTTP_METHODS.map((m) => item[m] as OperationNode | undefined).filter(
      (o): o is OperationNode => o !== undefined,
    ),
  );
}
