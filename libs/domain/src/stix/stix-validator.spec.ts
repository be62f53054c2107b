import { buildStixBundle, stixSourceOfPackage, type StixBundle } from './stix-bundle';
import { samplePackage } from './stix-fixtures.spec-kit';
import { assertValidStixBundle, StixBundleRefused, validateStixBundle } from './stix-validator';

/** A valid bundle to break, one rule at a time. */
const valid = (): StixBundle => buildStixBundle(stixSourceOfPackage(samplePackage()));
const indexOf = (b: StixBundle, type: string) => b.objects.findIndex((o) => o.type === type);

function broken(change: (b: StixBundle) => void): StixBundle {
  const b = structuredClone(valid());
  change(b);
  return b;
}

describe('STIX bundle validator', () => {
  it('should accept a bundle the builder made', () => {
    expect(validateStixBundle(valid())).toEqual([]);
    expect(() => assertValidStixBundle(valid())).not.toThrow();
  });

  it.each<[string, (b: StixBundle) => void, { path: string | RegExp; message: RegExp }]>([
    [
      'an indicator without its pattern',
      (b) => delete b.objects[indexOf(b, 'indicator')].pattern,
      { path: /^\/objects\/\d+$/, message: /misses required property pattern/ },
    ],
    [
      'a report without published',
      (b) => delete b.objects[indexOf(b, 'report')].published,
      { path: /^\/objects\/\d+$/, message: /misses required property published/ },
    ],
    [
      'an id that is not <type>--<uuid>',
      (b) => (b.objects[indexOf(b, 'report')].id = 'report--not-a-uuid'),
      { path: /^\/objects\/\d+\/id$/, message: /must match pattern/ },
    ],
    [
      'an id whose type prefix is another type',
      (b) =>
        (b.objects[indexOf(b, 'report')].id = 'indicator--1b3a5c7e-9d2f-4a6b-8c0d-2e4f6a8b0c1d'),
      { path: /^\/objects\/\d+\/id$/, message: /must match pattern/ },
    ],
    [
      'a bundle id that is not bundle--<uuid>',
      (b) => (b.id = 'bundle--1234'),
      { path: '/id', message: /must match pattern/ },
    ],
    [
      'a timestamp without Z',
      (b) => (b.objects[indexOf(b, 'indicator')].valid_from = '2026-04-02T09:30:00.000+02:00'),
      { path: /\/valid_from$/, message: /must match pattern/ },
    ],
    [
      'a date in place of a timestamp',
      (b) => (b.objects[indexOf(b, 'report')].created = '2026-04-02'),
      { path: /\/created$/, message: /must match pattern/ },
    ],
    [
      'a wrong spec_version',
      (b) => (b.objects[indexOf(b, 'identity')].spec_version = '2.0'),
      { path: /\/spec_version$/, message: /must be equal to constant/ },
    ],
    [
      'a reference to an object not in the bundle',
      (b) =>
        (b.objects[indexOf(b, 'relationship')].target_ref =
          'identity--1b3a5c7e-9d2f-4a6b-8c0d-2e4f6a8b0c1d'),
      { path: /\/target_ref$/, message: /points to no object in the bundle/ },
    ],
    [
      'a report naming an object not in the bundle',
      (b) => {
        const report = b.objects[indexOf(b, 'report')];
        report.object_refs = [
          ...(report.object_refs as string[]),
          'url--1b3a5c7e-9d2f-5a6b-8c0d-2e4f6a8b0c1d',
        ];
      },
      { path: /\/object_refs\/\d+$/, message: /points to no object in the bundle/ },
    ],
    [
      'a marking reference to a marking not in the bundle',
      (b) =>
        (b.objects[indexOf(b, 'indicator')].object_marking_refs = [
          'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
        ]),
      { path: /\/object_marking_refs\/0$/, message: /points to no object in the bundle/ },
    ],
    [
      'a marking reference that is not a marking-definition id',
      (b) =>
        (b.objects[indexOf(b, 'indicator')].object_marking_refs = [
          b.objects[indexOf(b, 'identity')].id,
        ]),
      { path: /\/object_marking_refs\/0$/, message: /must match pattern/ },
    ],
    [
      'a TLP marking altered from the official object',
      (b) => (b.objects[indexOf(b, 'marking-definition')].name = 'TLP:AMBER'),
      { path: /^\/objects\/\d+$/, message: /not one of the official TLP 2.0 marking definitions/ },
    ],
    [
      'modified earlier than created',
      (b) => (b.objects[indexOf(b, 'report')].modified = '2020-01-01T00:00:00.000Z'),
      { path: /\/modified$/, message: /is earlier than created/ },
    ],
    [
      'last_observed earlier than first_observed',
      (b) => (b.objects[indexOf(b, 'observed-data')].last_observed = '2020-01-01T00:00:00.000Z'),
      { path: /\/last_observed$/, message: /is earlier than first_observed/ },
    ],
    [
      'a day that does not exist',
      (b) => (b.objects[indexOf(b, 'report')].published = '2026-02-31T00:00:00.000Z'),
      { path: /\/published$/, message: /not a real point in time/ },
    ],
    [
      'the same id twice',
      (b) => b.objects.push(structuredClone(b.objects[indexOf(b, 'indicator')])),
      { path: /\/id$/, message: /repeats the id/ },
    ],
    [
      'an object type this export never emits',
      (b) => b.objects.push({ ...b.objects[indexOf(b, 'indicator')], type: 'malware' }),
      { path: /\/type$/, message: /must be equal to one of the allowed values/ },
    ],
    [
      'a property the schema does not know',
      (b) => (b.objects[indexOf(b, 'identity')].x_secret = 'nope'),
      { path: /^\/objects\/\d+$/, message: /has property x_secret/ },
    ],
    [
      'a bundle carrying spec_version (2.0 style)',
      (b) => Object.assign(b, { spec_version: '2.1' }),
      { path: '/', message: /has property spec_version/ },
    ],
  ])('should refuse %s', (_what, change, expected) => {
    const problems = validateStixBundle(broken(change));
    expect(problems).toContainEqual({
      path: expect.stringMatching(
        expected.path instanceof RegExp ? expected.path : `^${expected.path}$`,
      ),
      message: expect.stringMatching(expected.message),
    });
  });

  it('should throw with the problems, and no bundle content in its message', () => {
    const bundle = broken(
      (b) => (b.objects[indexOf(b, 'report')].description = 42 as unknown as string),
    );
    let refused: unknown;
    try {
      assertValidStixBundle(bundle);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(StixBundleRefused);
    const { message, problems } = refused as StixBundleRefused;
    expect(message).toMatch(/^STIX bundle refused by validation \(\d+ problem\(s\)\)$/);
    expect(JSON.stringify(problems)).not.toContain('Shady');
  });
});
