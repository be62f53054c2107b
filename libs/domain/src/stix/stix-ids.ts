import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';

/**
 * STIX identifiers and timestamps. Every id is a UUIDv5, so the same package
 * exports byte for byte the same bundle and a receiver can de-duplicate
 * across exports.
 */

/** The namespace STIX 2.1 (§2.9) fixes for deterministic ids of cyber-observable objects. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** This system's own namespace for the ids of the objects it authors (SDOs, SROs, bundles). */
export const CRH_STIX_NAMESPACE = '6f1d3c52-8a0e-4b7d-9f21-5c3e8d4a7b10';

/** RFC 4122 §4.3 name-based UUID with SHA-1 (version 5). */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const digest = createHash('sha1').update(ns).update(name, 'utf8').digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of an object this system authors, derived from what it stands for. */
export function authoredId(type: string, ...name: string[]): string {
  return `${type}--${uuidV5(CRH_STIX_NAMESPACE, [type, ...name].join('\u001f'))}`;
}

/**
 * The id of a cyber-observable object as STIX 2.1 §2.9 derives it: UUIDv5 in
 * the STIX namespace over the canonical JSON (RFC 8785) of its id-contributing
 * properties. The values here are strings and flat maps of strings, for which
 * canonicalJson is exactly RFC 8785.
 */
export function observableId(type: string, contributing: Record<string, unknown>): string {
  return `${type}--${uuidV5(STIX_SCO_NAMESPACE, canonicalJson(contributing))}`;
}

/**
 * A STIX timestamp (RFC 3339, UTC, `Z`, milliseconds) from an ISO 8601 time
 * or a calendar date (`2026-03-01`, read as the start of that day, or its end
 * with `endOfDay`). What does not parse is passed through untouched: the
 * validator, not this function, is the gate that refuses it.
 */
export function stixTimestamp(value: string, endOfDay = false): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`
    : value;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
