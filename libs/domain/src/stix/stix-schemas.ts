/**
 * JSON Schemas (draft-07) of the STIX 2.1 objects this system emits, written
 * from the normative requirements of STIX Version 2.1 (OASIS Standard,
 * 10 June 2021): §2.9 identifiers (`<type>--<RFC 4122 UUID>`), §3.2 timestamps
 * (RFC 3339, UTC, `Z`), §3.2 common properties and which are required for
 * SDOs, SROs and SCOs, §4 SDOs (identity, indicator, infrastructure,
 * observed-data, report), §5 relationship, §6 SCOs, §7.2 marking definitions
 * (here the TLP 2.0 extension) and §8 bundle. What a schema cannot say (that a
 * reference points to an object of the bundle, that modified is not before
 * created) is checked in code beside it (stix-validator.ts).
 */

type Schema = Record<string, unknown>;

/** Where the schemas' ids live (names only: nothing is fetched). */
export const SCHEMA_BASE = 'https://coalition-referral-hub.invalid/schemas/stix-2.1/';

/** RFC 4122 UUID: version 1–5, variant 10xx (§2.9: "MUST be an RFC 4122-compliant UUID"). */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

/** An identifier of an object of `type` (or of any type). */
export const identifierPattern = (type = '[a-z0-9][a-z0-9-]+[a-z0-9]') => `^${type}--${UUID}$`;

/** §3.2: `YYYY-MM-DDTHH:mm:ss[.s+]Z`, UTC, upper-case T and Z. */
export const TIMESTAMP_PATTERN =
  '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?Z$';

const id = (type?: string): Schema => ({ type: 'string', pattern: identifierPattern(type) });
const timestamp: Schema = { type: 'string', pattern: TIMESTAMP_PATTERN };
const text: Schema = { type: 'string', minLength: 1 };
const list = (items: Schema): Schema => ({ type: 'array', minItems: 1, items });
const texts = list(text);

const EXTERNAL_REFERENCE: Schema = {
  type: 'object',
  required: ['source_name'],
  properties: {
    source_name: text,
    description: { type: 'string' },
    url: { type: 'string' },
    external_id: { type: 'string' },
    hashes: { type: 'object' },
  },
  // §2.5: at least one of description, url, external_id.
  anyOf: [{ required: ['description'] }, { required: ['url'] }, { required: ['external_id'] }],
};

/** Properties common to every SDO and SRO (§3.2), required ones first. */
const commonProperties = (type: string): Schema => ({
  type: { const: type },
  spec_version: { const: '2.1' },
  id: id(type),
  created: timestamp,
  modified: timestamp,
  created_by_ref: id('identity'),
  revoked: { type: 'boolean' },
  labels: texts,
  confidence: { type: 'integer', minimum: 0, maximum: 100 },
  lang: text,
  external_references: list(EXTERNAL_REFERENCE),
  object_marking_refs: list(id('marking-definition')),
  granular_markings: list({ type: 'object' }),
  extensions: { type: 'object', minProperties: 1 },
});

const COMMON_REQUIRED = ['type', 'spec_version', 'id', 'created', 'modified'];

const domainObject = (type: string, required: string[], own: Schema): Schema => ({
  $id: `${SCHEMA_BASE}${type}.json`,
  type: 'object',
  required: [...COMMON_REQUIRED, ...required],
  properties: { ...commonProperties(type), ...own },
  additionalProperties: false,
});

/** §6: SCO common properties (no created/modified, no created_by_ref). */
const observableObject = (type: string, required: string[], own: Schema): Schema => ({
  $id: `${SCHEMA_BASE}${type}.json`,
  type: 'object',
  required: ['type', 'id', ...required],
  properties: {
    type: { const: type },
    spec_version: { const: '2.1' },
    id: id(type),
    object_marking_refs: list(id('marking-definition')),
    granular_markings: list({ type: 'object' }),
    defanged: { type: 'boolean' },
    extensions: { type: 'object', minProperties: 1 },
    ...own,
  },
  additionalProperties: false,
});

export const STIX_OBJECT_SCHEMAS: Readonly<Record<string, Schema>> = {
  identity: domainObject('identity', ['name'], {
    name: text,
    description: { type: 'string' },
    roles: texts,
    identity_class: text,
    sectors: texts,
    contact_information: { type: 'string' },
  }),
  infrastructure: domainObject('infrastructure', ['name'], {
    name: text,
    description: { type: 'string' },
    infrastructure_types: texts,
    aliases: texts,
    first_seen: timestamp,
    last_seen: timestamp,
  }),
  indicator: domainObject('indicator', ['pattern', 'pattern_type', 'valid_from'], {
    name: text,
    description: { type: 'string' },
    indicator_types: texts,
    pattern: text,
    pattern_type: text,
    pattern_version: text,
    valid_from: timestamp,
    valid_until: timestamp,
  }),
  'observed-data': domainObject(
    'observed-data',
    ['first_observed', 'last_observed', 'number_observed', 'object_refs'],
    {
      first_observed: timestamp,
      last_observed: timestamp,
      number_observed: { type: 'integer', minimum: 1, maximum: 999999999 },
      object_refs: list(id()),
    },
  ),
  report: domainObject('report', ['name', 'published', 'object_refs'], {
    name: text,
    description: { type: 'string' },
    report_types: texts,
    published: timestamp,
    object_refs: list(id()),
  }),
  relationship: domainObject('relationship', ['relationship_type', 'source_ref', 'target_ref'], {
    relationship_type: { type: 'string', pattern: '^[a-z0-9-]{3,250}$' },
    description: { type: 'string' },
    source_ref: id(),
    target_ref: id(),
    start_time: timestamp,
    stop_time: timestamp,
  }),
  url: observableObject('url', ['value'], { value: text }),
  'domain-name': observableObject('domain-name', ['value'], { value: text }),
  'email-addr': observableObject('email-addr', ['value'], { value: text, display_name: text }),
  'ipv4-addr': observableObject('ipv4-addr', ['value'], { value: text }),
  'ipv6-addr': observableObject('ipv6-addr', ['value'], { value: text }),
  'user-account': observableObject('user-account', ['account_login'], { account_login: text }),
  file: observableObject('file', ['hashes'], {
    hashes: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z0-9_-]{3,250}$' },
      additionalProperties: { type: 'string', minLength: 1 },
    },
    name: text,
  }),
  // §7.2 with the TLP 2.0 property extension: no definition_type/definition, one extension.
  'marking-definition': {
    $id: `${SCHEMA_BASE}marking-definition.json`,
    type: 'object',
    required: ['type', 'spec_version', 'id', 'created', 'name', 'extensions'],
    properties: {
      type: { const: 'marking-definition' },
      spec_version: { const: '2.1' },
      id: id('marking-definition'),
      created: timestamp,
      name: text,
      created_by_ref: id('identity'),
      object_marking_refs: list(id('marking-definition')),
      extensions: {
        type: 'object',
        minProperties: 1,
        additionalProperties: {
          type: 'object',
          required: ['extension_type'],
          properties: { extension_type: { const: 'property-extension' }, tlp_2_0: text },
        },
      },
    },
    additionalProperties: false,
  },
};

/** §8: a bundle has type, id and objects; it carries no spec_version in 2.1. */
export const STIX_BUNDLE_SCHEMA: Schema = {
  $id: `${SCHEMA_BASE}bundle.json`,
  type: 'object',
  required: ['type', 'id', 'objects'],
  properties: {
    type: { const: 'bundle' },
    id: id('bundle'),
    objects: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: Object.keys(STIX_OBJECT_SCHEMAS) } },
        allOf: Object.keys(STIX_OBJECT_SCHEMAS).map((type) => ({
          if: { properties: { type: { const: type } }, required: ['type'] },
          then: { $ref: `${SCHEMA_BASE}${type}.json` },
        })),
      },
    },
  },
  additionalProperties: false,
};
