import {
  buildStixBundle,
  serializeStixBundle,
  stixSourceOfPackage,
  COALITION_IDENTITY_ID,
} from './stix-bundle';
import { observableId, uuidV5 } from './stix-ids';
import { validateStixBundle } from './stix-validator';
import { referralInput, samplePackage } from './stix-fixtures.spec-kit';
import { tlpMarkingDefinition } from './tlp-markings';

const bundleOf = (pkg = samplePackage()) => buildStixBundle(stixSourceOfPackage(pkg));
const ofType = (b: ReturnType<typeof bundleOf>, type: string) =>
  b.objects.filter((o) => o.type === type);

describe('STIX bundle of a case package', () => {
  it('should pass its own validator', () => {
    expect(validateStixBundle(bundleOf())).toEqual([]);
  });

  it('should give byte-identical output for the same package', () => {
    expect(serializeStixBundle(bundleOf())).toBe(serializeStixBundle(bundleOf()));
  });

  it('should give different ids for the packages of two dispatches', () => {
    const other = samplePackage();
    other.dispatch = { ...other.dispatch, id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' };
    expect(bundleOf(other).id).not.toBe(bundleOf().id);
    expect(ofType(bundleOf(other), 'report')[0].id).not.toBe(ofType(bundleOf(), 'report')[0].id);
  });

  it('should mark every object but the marking definition with the package TLP, and include that marking', () => {
    const bundle = bundleOf(samplePackage(undefined, 'RED'));
    const red = tlpMarkingDefinition('RED')!;
    expect(ofType(bundle, 'marking-definition')).toEqual([red]);
    for (const o of bundle.objects.filter((x) => x.type !== 'marking-definition')) {
      expect(o.object_marking_refs).toEqual([red.id]);
    }
  });

  it('should name the coalition as the creator of what it authors', () => {
    const bundle = bundleOf();
    for (const o of bundle.objects.filter(
      (x) =>
        ![
          'marking-definition',
          'url',
          'domain-name',
          'email-addr',
          'ipv4-addr',
          'user-account',
          'file',
        ].includes(x.type),
    )) {
      if (o.id !== COALITION_IDENTITY_ID) expect(o.created_by_ref).toBe(COALITION_IDENTITY_ID);
    }
  });

  it('should map the merchant to an organization identity and its web presence to infrastructure', () => {
    const bundle = bundleOf();
    const merchant = ofType(bundle, 'identity').find((o) => o.name === 'Shady Goods Ltd');
    expect(merchant).toMatchObject({ identity_class: 'organization' });
    expect(ofType(bundle, 'infrastructure')).toHaveLength(1);
  });

  it('should escape quotes and backslashes in patterns', () => {
    const patterns = ofType(bundleOf(), 'indicator').map((o) => o.pattern);
    expect(patterns).toContain("[url:value = 'https://shady.example/it\\'s\\\\here']");
    expect(patterns).toContain(`[file:hashes.'SHA-256' = '${'a'.repeat(64)}']`);
    expect(patterns).toContain("[ipv4-addr:value = '203.0.113.7']");
  });

  it('should derive SCO ids as STIX 2.1 section 2.9 prescribes', () => {
    // Worked by hand: UUIDv5(STIX namespace, '{"value":"shady.example"}').
    expect(observableId('domain-name', { value: 'shady.example' })).toBe(
      `domain-name--${uuidV5('00abedb4-aa42-466c-9c01-fed23315a9b7', '{"value":"shady.example"}')}`,
    );
    // RFC 4122 appendix-style check of the UUIDv5 itself (DNS namespace, python uuid5).
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('should leave out observables STIX has no core object for, and never the card number', () => {
    const json = serializeStixBundle(bundleOf());
    expect(json).not.toContain('411111******1111');
    expect(json).not.toContain('bc1qexamplewallet');
    expect(json).not.toContain('f'.repeat(64));
  });

  it("should not name a filer that has not opted in, nor the merchant's principals", () => {
    const json = serializeStixBundle(bundleOf());
    expect(json).not.toContain('Example Bank plc');
    expect(json).not.toContain('A. Person');
    expect(json).toContain('filed by coalition member');
  });

  it('should name a filer that opted in, as the package does', () => {
    const pkg = samplePackage([
      referralInput({ filer: { legalName: 'Named Bank', namedInDispatches: true } }),
    ]);
    expect(ofType(bundleOf(pkg), 'report')[0].description).toContain('filed by Named Bank');
  });

  it('should make the report reference every object and carry the narratives', () => {
    const bundle = bundleOf(
      samplePackage([
        referralInput(),
        referralInput({ reference: 'FCR-2026-000102', narrative: 'Second.' }),
      ]),
    );
    const [report] = ofType(bundle, 'report');
    const others = bundle.objects.filter(
      (o) => o.type !== 'marking-definition' && o.type !== 'report',
    );
    expect(report.object_refs).toEqual(others.map((o) => o.id));
    expect(report.published).toBe('2026-04-02T09:30:00.000Z');
    expect(report.description).toContain('Second.');
    expect(ofType(bundle, 'observed-data')).toHaveLength(2);
    // One merchant reported twice is one identity.
    expect(ofType(bundle, 'identity').filter((o) => o.name === 'Shady Goods Ltd')).toHaveLength(1);
  });

  it('should observe from the first day to the end of the last', () => {
    const [od] = ofType(bundleOf(), 'observed-data');
    expect(od).toMatchObject({
      first_observed: '2026-03-01T00:00:00.000Z',
      last_observed: '2026-03-20T23:59:59.999Z',
    });
  });

  it('should build a valid bundle from a referral without merchant or observables', () => {
    const bundle = bundleOf(samplePackage([referralInput({ merchant: null, observables: [] })]));
    expect(validateStixBundle(bundle)).toEqual([]);
  });

  it('should be refused by the validator when the package TLP is not a TLP 2.0 level', () => {
    const problems = validateStixBundle(bundleOf(samplePackage(undefined, 'WHITE')));
    expect(problems.length).toBeGreaterThan(0);
  });
});
