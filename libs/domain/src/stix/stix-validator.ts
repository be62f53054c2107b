import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { canonicalJson } from '../canonical-json';
import { STIX_BUNDLE_SCHEMA, STIX_OBJECT_SCHEMAS } from './stix-schemas';
import { TLP_2_0_MARKINGS } from './tlp-markings';

/**
 * The gate every STIX bundle passes before it leaves: the schemas of
 * stix-schemas.ts (compiled once, by Ajv) and the rules a schema cannot
 * express. A problem names where (a JSON pointer) and what rule failed,
 * never the value, so the list can be logged without case material.
 */

export interface StixProblem {
  /** JSON pointer into the bundle, e.g. `/objects/3/created`. */
  path: string;
  message: string;
}

let compiled: ValidateFunction | null = null;

function schemaCheck(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({
      allErrors: true,
      strict: true,
      strictRequired: false,
      strictTypes: false,
    });
    for (const schema of Object.values(STIX_OBJECT_SCHEMAS)) ajv.addSchema(schema);
    compiled = ajv.compile(STIX_BUNDLE_SCHEMA);
  }
  return compiled;
}

function fromAjv(e: ErrorObject): StixProblem {
  const p = e.params as Record<string, unknown>;
  const detail =
    e.keyword === 'required'
      ? `misses required property ${String(p.missingProperty)}`
      : e.keyword === 'additionalProperties'
        ? `has property ${String(p.additionalProperty)}, which this schema does not allow`
        : (e.message ?? e.keyword);
  return { path: e.instancePath || '/', message: detail };
}

const OFFICIAL_MARKINGS = new Map(TLP_2_0_MARKINGS.map((m) => [m.id, canonicalJson(m)]));

/** Every `*_ref` and `*_refs` of an object (top level), with its pointer. */
function referencesOf(
  object: Record<string, unknown>,
  at: string,
): { path: string; ref: unknown }[] {
  const refs: { path: string; ref: unknown }[] = [];
  for (const [key, value] of Object.entries(object)) {
    if (key.endsWith('_ref')) refs.push({ path: `${at}/${key}`, ref: value });
    if (key.endsWith('_refs') && Array.isArray(value)) {
      value.forEach((ref, i) => refs.push({ path: `${at}/${key}/${i}`, ref }));
    }
  }
  return refs;
}

/** A UTC timestamp naming a day the calendar has (Date.parse rolls 31 February over to March). */
function isRealTime(value: string): boolean {
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value.slice(0, 10);
}

/** What the schemas cannot say: references resolve, markings are official, times are in order. */
function bundleRules(objects: Record<string, unknown>[]): StixProblem[] {
  const problems: StixProblem[] = [];
  const types = new Map<string, string>();
  objects.forEach((o, i) => {
    if (types.has(String(o.id)))
      problems.push({ path: `/objects/${i}/id`, message: 'repeats the id of an earlier object' });
    types.set(String(o.id), String(o.type));
  });
  objects.forEach((o, i) => {
    const at = `/objects/${i}`;
    for (const { path, ref } of referencesOf(o, at)) {
      const target = types.get(String(ref));
      if (!target) problems.push({ path, message: 'points to no object in the bundle' });
      else if (path.includes('/object_marking_refs/') && target !== 'marking-definition') {
        problems.push({ path, message: 'points to an object that is not a marking definition' });
      } else if (path.endsWith('/created_by_ref') && target !== 'identity') {
        problems.push({ path, message: 'points to an object that is not an identity' });
      }
    }
    if (
      o.type === 'marking-definition' &&
      OFFICIAL_MARKINGS.get(String(o.id)) !== canonicalJson(o)
    ) {
      problems.push({
        path: at,
        message: 'is not one of the official TLP 2.0 marking definitions',
      });
    }
    const order: [string, string][] = [
      ['created', 'modified'],
      ['first_observed', 'last_observed'],
    ];
    for (const [before, after] of order) {
      if (typeof o[before] === 'string' && typeof o[after] === 'string') {
        if (Date.parse(o[after]) < Date.parse(o[before])) {
          problems.push({ path: `${at}/${after}`, message: `is earlier than ${before}` });
        }
      }
    }
    for (const key of [
      'created',
      'modified',
      'valid_from',
      'published',
      'first_observed',
      'last_observed',
    ]) {
      if (typeof o[key] === 'string' && !isRealTime(o[key])) {
        problems.push({ path: `${at}/${key}`, message: 'is not a real point in time' });
      }
    }
  });
  return problems;
}

/** Everything wrong with a bundle; empty when it may leave. */
export function validateStixBundle(bundle: unknown): StixProblem[] {
  const check = schemaCheck();
  if (!check(bundle)) {
    return (check.errors ?? []).filter((e) => e.keyword !== 'if').map(fromAjv);
  }
  return bundleRules((bundle as { objects: Record<string, unknown>[] }).objects);
}

/** A bundle refused by validateStixBundle: its message and problems hold no bundle content. */
export class StixBundleRefused extends Error {
  constructor(readonly problems: StixProblem[]) {
    super(`STIX bundle refused by validation (${problems.length} problem(s))`);
    this.name = 'StixBundleRefused';
  }
}

/** The bundle, if valid; else StixBundleRefused. */
export function assertValidStixBundle<T>(bundle: T): T {
  const problems = validateStixBundle(bundle);
  if (problems.length > 0) throw new StixBundleRefused(problems);
  return bundle;
}
