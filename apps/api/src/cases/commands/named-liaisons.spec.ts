import type { AgencyLiaison } from '@app/persistence';
import { namedLiaisonsOf, staleNamedLiaisons } from './named-liaisons';

const A = '00000000-0000-4000-8000-0000000000a1';
const B = '00000000-0000-4000-8000-0000000000a2';
const LA = '00000000-0000-4000-8000-0000000011a1';
const LB = '00000000-0000-4000-8000-0000000011b1';
const active: AgencyLiaison[] = [
  { id: LA, agencyId: A, displayName: 'A one', email: 'a@a.example' },
  { id: LB, agencyId: B, displayName: 'B one', email: 'b@b.example' },
];

/** The field problems a refused proposal names. */
function fieldsOf(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (error) {
    const problems = (error as { fieldErrors?: { field: string; messages: string[] }[] })
      .fieldErrors;
    return Object.fromEntries((problems ?? []).map((p) => [p.field, p.messages]));
  }
  throw new Error('not refused');
}

describe('namedLiaisonsOf', () => {
  it.each(['RED', 'AMBER+STRICT'])(
    'should require a liaison for every agency of a %s routing, naming the field',
    (tlp) => {
      expect(fieldsOf(() => namedLiaisonsOf(tlp, [A, B], undefined, active))).toEqual({
        namedLiaisons: [
          expect.stringContaining('Agency 1 (') as unknown,
          expect.stringContaining('Agency 2 (') as unknown,
        ],
      });
      expect(
        fieldsOf(() => namedLiaisonsOf(tlp, [A, B], [{ agencyId: A, liaisonIds: [LA] }], active)),
      ).toEqual({ namedLiaisons: [expect.stringContaining('Agency 2 (') as unknown] });
    },
  );

  it("should refuse another agency's liaison, an unknown one and a repeat, each by its path", () => {
    const unknown = '00000000-0000-4000-8000-0000000011ff';
    expect(
      fieldsOf(() =>
        namedLiaisonsOf(
          'RED',
          [A],
          [
            { agencyId: A, liaisonIds: [LB, unknown, LA, LA] },
            { agencyId: B, liaisonIds: [LB] },
          ],
          active,
        ),
      ),
    ).toEqual({
      'namedLiaisons[0].liaisonIds[0]': [
        expect.stringContaining('not an active liaison') as unknown,
      ],
      'namedLiaisons[0].liaisonIds[1]': [
        expect.stringContaining('not an active liaison') as unknown,
      ],
      'namedLiaisons[0].liaisonIds[3]': ['Liaison 4 is listed twice'],
      'namedLiaisons[1].agencyId': ['Named liaison 2 agency is not one of the proposed agencies'],
    });
  });

  it('should give each agency its liaisons, in lower case', () => {
    const named = namedLiaisonsOf(
      'RED',
      [A, B],
      [
        { agencyId: A.toUpperCase(), liaisonIds: [LA.toUpperCase()] },
        { agencyId: B, liaisonIds: [LB] },
      ],
      active,
    );
    expect(Object.fromEntries(named)).toEqual({ [A]: [LA], [B]: [LB] });
  });

  it('should name nobody for a weaker marking, and refuse names given with one', () => {
    expect(namedLiaisonsOf('AMBER', [A], undefined, active).size).toBe(0);
    expect(namedLiaisonsOf('GREEN', [A], [], active).size).toBe(0);
    expect(
      fieldsOf(() => namedLiaisonsOf('AMBER', [A], [{ agencyId: A, liaisonIds: [LA] }], active)),
    ).toEqual({
      namedLiaisons: [expect.stringContaining('only for a RED or AMBER+STRICT') as unknown],
    });
  });
});

describe('staleNamedLiaisons', () => {
  const plan = (tlp: string, liaisonIds?: string[]) => ({
    agencies: [{ agencyId: A, basis: [], ...(liaisonIds ? { liaisonIds } : {}) }],
    tlp,
    rationale: 'r',
  });
  const name = () => 'Agency A';

  it('should pass a plan whose named liaisons are all still active, and any weaker plan', () => {
    expect(staleNamedLiaisons(plan('RED', [LA]), active, name)).toBeNull();
    expect(staleNamedLiaisons(plan('AMBER'), [], name)).toBeNull();
  });

  it('should call a plan stale when a named liaison is gone, or none was named', () => {
    expect(staleNamedLiaisons(plan('RED', [LA]), [], name)).toMatchObject({
      code: 'routing_plan_stale',
    });
    expect(staleNamedLiaisons(plan('AMBER+STRICT'), active, name)).toMatchObject({
      code: 'routing_plan_stale',
    });
  });
});
