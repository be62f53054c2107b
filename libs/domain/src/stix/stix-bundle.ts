import type { CasePackage } from '../cases/case-package';
import { authoredId, stixTimestamp } from './stix-ids';
import {
  merchantIdentity,
  merchantInfrastructure,
  merchantWebsites,
  type StixObject,
} from './stix-merchants';
import { stixObservable, websiteObservable, type StixObservable } from './stix-observables';
import { tlpMarkingDefinition } from './tlp-markings';

/**
 * A case package as a STIX 2.1 bundle, for agencies whose tools read STIX.
 * Built from the package as stored (already masked, filers already anonymised
 * unless they opted in), never from the referrals themselves, so the bundle
 * carries nothing the package does not. Pure and deterministic: the same
 * source gives the same bytes (ids are UUIDv5, times come from the source).
 */

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** The coalition, creator of every object it authors. */
export const COALITION_IDENTITY_ID = authoredId('identity', 'coalition');
const COALITION_CREATED = '2026-01-01T00:00:00.000Z';

/** What a bundle is built from: a stored package, or a case's referrals as a package would carry them. */
export interface StixExportSource {
  /** The dispatch (for a package) or the case: seeds every authored id and names the report. */
  scope: { kind: 'dispatch' | 'case'; id: string; reference: string };
  case: { reference: string };
  tlp: string;
  /** When the coalition approved (or last had) the material: the report's `published`. */
  published: string;
  referrals: CasePackage['referrals'];
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

export function stixSourceOfPackage(pkg: CasePackage): StixExportSource {
  return {
    scope: { kind: 'dispatch', id: pkg.dispatch.id, reference: pkg.dispatch.reference },
    case: { reference: pkg.case.reference },
    tlp: pkg.tlp,
    published: pkg.approvedAt,
    referrals: pkg.referrals,
  };
}

type Referral = CasePackage['referrals'][number];

/** Collects objects once each, in first-seen order. */
class Objects {
  readonly list: StixObject[] = [];
  private readonly ids = new Set<string>();
  add(object: StixObject): string {
    if (!this.ids.has(object.id)) {
      this.ids.add(object.id);
      this.list.push(object);
    }
    return object.id;
  }
}

export function buildStixBundle(source: StixExportSource): StixBundle {
  const marking = tlpMarkingDefinition(source.tlp);
  const markingId = marking?.id ?? `marking-definition--unknown-tlp`;
  const time = stixTimestamp(source.published);
  const scopeId = source.scope.id;
  const sdo = (o: StixObject): StixObject => ({
    type: o.type,
    spec_version: '2.1',
    id: o.id,
    created_by_ref: COALITION_IDENTITY_ID,
    created: time,
    modified: time,
    ...Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'type' && k !== 'id')),
    object_marking_refs: [markingId],
  });
  const marked = (o: StixObject): StixObject => ({ ...o, object_marking_refs: [markingId] });

  const objects = new Objects();
  if (marking) objects.add(marking as unknown as StixObject);
  objects.add({
    type: 'identity',
    spec_version: '2.1',
    id: COALITION_IDENTITY_ID,
    created: COALITION_CREATED,
    modified: COALITION_CREATED,
    name: 'Coalition Referral Hub',
    description:
      'The financial coalition against child sexual exploitation: the referral hub that vetted and routed this case.',
    identity_class: 'organization',
    object_marking_refs: [markingId],
  });
  const relationships = new Objects();
  const relate = (type: string, sourceRef: string, targetRef: string) =>
    relationships.add(
      sdo({
        type: 'relationship',
        id: authoredId('relationship', scopeId, type, sourceRef, targetRef),
        relationship_type: type,
        source_ref: sourceRef,
        target_ref: targetRef,
      }),
    );

  for (const referral of source.referrals) {
    addReferral(referral);
  }

  function addReferral(referral: Referral): void {
    const merchant = referral.merchant;
    const identityId = merchant ? objects.add(sdo(merchantIdentity(scopeId, merchant))) : null;
    const observables = [
      ...(merchant ? merchantWebsites(merchant).map(websiteObservable) : []),
      ...referral.observables.map(stixObservable),
    ].filter((o): o is StixObservable => o !== null);
    if (observables.length === 0) return;
    const web = observables.filter((o) => o.sco.type === 'url' || o.sco.type === 'domain-name');
    let infrastructureId: string | null = null;
    if (merchant && identityId && web.length > 0) {
      infrastructureId = objects.add(sdo(merchantInfrastructure(scopeId, merchant)));
      relate('related-to', infrastructureId, identityId);
    }
    for (const o of observables) objects.add(marked(o.sco));
    const first = stixTimestamp(referral.observedFrom ?? referral.submittedAt ?? source.published);
    const last = stixTimestamp(referral.observedTo ?? first, true);
    const observedData = objects.add(
      sdo({
        type: 'observed-data',
        id: authoredId('observed-data', scopeId, referral.reference),
        first_observed: first,
        last_observed: last < first ? first : last,
        number_observed: 1,
        object_refs: [...new Set(observables.map((o) => o.sco.id))],
      }),
    );
    for (const o of observables) {
      const indicator = objects.add(
        sdo({
          type: 'indicator',
          id: authoredId('indicator', scopeId, o.sco.id),
          name: o.label,
          indicator_types: ['malicious-activity'],
          pattern: o.pattern,
          pattern_type: 'stix',
          pattern_version: '2.1',
          valid_from: time,
        }),
      );
      relate('based-on', indicator, observedData);
      const isWeb = web.includes(o);
      if (infrastructureId && isWeb) {
        relate('indicates', indicator, infrastructureId);
        relate('consists-of', infrastructureId, o.sco.id);
      } else if (identityId) {
        relate('related-to', indicator, identityId);
      }
    }
  }

  for (const r of relationships.list) objects.add(r);
  const report = sdo({
    type: 'report',
    id: authoredId('report', scopeId, 'report'),
    name:
      source.scope.kind === 'dispatch'
        ? `Case package ${source.scope.reference} (case ${source.case.reference})`
        : `Case ${source.case.reference}`,
    description: source.referrals.map(narrativeOf).join('\n\n'),
    report_types: ['threat-report'],
    published: time,
    object_refs: objects.list.filter((o) => o.type !== 'marking-definition').map((o) => o.id),
    external_references: [
      { source_name: 'coalition-referral-hub', external_id: source.scope.reference },
      ...source.referrals.map((r) => ({
        source_name: 'coalition-referral-hub',
        external_id: r.reference,
        description: 'referral',
      })),
    ],
  });
  objects.add(report);
  return {
    type: 'bundle',
    id: authoredId('bundle', scopeId),
    objects: objects.list,
  };
}

/** One referral's narrative in the report, with the filer as the package names it. */
function narrativeOf(r: Referral): string {
  const head = [r.category, r.priority, `filed by ${r.filer}`].filter(Boolean).join('; ');
  const when =
    r.observedFrom || r.observedTo
      ? ` Observed ${r.observedFrom ?? '?'} to ${r.observedTo ?? '?'}.`
      : '';
  return `Referral ${r.reference} (${head}).${when}\n${r.narrative ?? '(no narrative given)'}`;
}

/** The bundle as it is sent: the same bundle gives the same bytes. */
export function serializeStixBundle(bundle: StixBundle): string {
  return JSON.stringify(bundle);
}
