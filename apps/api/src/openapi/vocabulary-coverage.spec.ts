import { AUDIT_ACTION_LABELS, hasLabel, labelOf } from '@app/domain';
import type { OpenAPIObject } from '@nestjs/swagger';
import { buildPreviewDocument } from './preview-document';
import { operationsOf, walkSchema, type SchemaNode } from './schema-walk';

/**
 * Every enumeration value the served OpenAPI document declares has a label in
 * the shared vocabulary (libs/domain/src/vocabulary), which the console shows
 * and the API writes: a new value without a label fails here. Only the
 * enumerations below are exempt: protocol words no page shows.
 */

type Document = OpenAPIObject & { paths: Record<string, Record<string, unknown>> };

/** Where a machine-only enumeration sits (`Schema.property` or `query:name`), and why. */
const MACHINE_ONLY: Readonly<Record<string, string>> = {
  'HealthUpResponse.status': 'health probe',
  'HealthUpResponse.db': 'health probe',
  'HealthUpResponse.redis': 'health probe',
  'HealthDownResponse.status': 'health probe',
  'HealthDownResponse.db': 'health probe',
  'HealthDownResponse.redis': 'health probe',
  'AuditEventResponse.chainFormat': 'hash-chain format number',
  'AuditCheckpointResponse.algorithm': 'signature algorithm name',
  'ProofCheckpointResponse.algorithm': 'signature algorithm name',
  'PackageProofResponse.schema': 'schema identifier',
  'MeResponse.permissions': 'permission names the console checks, never shows',
  'query:stage': 'validation stage of POST /referrals/validation',
  'query:reveal': 'which fields to reveal',
  'query:open': 'true or false',
  'query:overdue': 'true or false',
  'query:unread': 'true or false',
};

let document: Document;
const exempted = new Set<string>();

beforeAll(async () => {
  document = (await buildPreviewDocument()) as Document;
}, 60_000);

/** Every string enumeration value of schemas and parameters, with where it was found. */
function enumerations(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const record = (where: string, node: SchemaNode) => {
    if (!Array.isArray(node.enum)) return;
    if (where in MACHINE_ONLY) {
      exempted.add(where);
      return;
    }
    for (const value of node.enum as unknown[]) {
      if (typeof value !== 'string') continue;
      found.set(value, [...(found.get(value) ?? []), where]);
    }
  };
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    const properties = ((schema as SchemaNode).properties ?? {}) as Record<string, unknown>;
    for (const [property, child] of Object.entries(properties)) {
      walkSchema(child, (node) => record(`${name}.${property}`, node));
    }
  }
  for (const operation of operationsOf(document)) {
    for (const parameter of operation.parameters ?? []) {
      walkSchema(parameter.schema, (node) => record(`${parameter.in}:${parameter.name}`, node));
    }
  }
  return found;
}

describe('the shared vocabulary', () => {
  it('labels every enumeration value of the OpenAPI document', () => {
    const values = enumerations();
    expect(values.size).toBeGreaterThan(100);
    const missing = [...values.entries()]
      // Audit action names have their own table (the audit view's and the picker's words).
      .filter(([value]) => !hasLabel(value) && !Object.hasOwn(AUDIT_ACTION_LABELS, value))
      .map(([value, where]) => `${value} (${where.slice(0, 3).join(', ')})`);
    expect(missing).toEqual([]);
    // The exemptions name places that exist, so a rename cannot hide a new enumeration.
    expect([...exempted].sort()).toEqual(Object.keys(MACHINE_ONLY).sort());
  });

  it('never shows a value raw: words for values, spelled out when unknown', () => {
    expect(labelOf('investigation_opened')).toBe('Investigation opened');
    expect(labelOf('le_liaison')).toBe('Law-enforcement liaison');
    expect(labelOf('card', 'rail')).toBe('Card');
    expect(labelOf('card', 'observableType')).toBe('Card (masked)');
    expect(labelOf('brand_new_value')).toBe('Brand new value');
    expect(labelOf(null)).toBe('—');
  });
});
