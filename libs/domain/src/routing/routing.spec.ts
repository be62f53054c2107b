import {
  ROUTING_EXPLANATION_MAX,
  suggestRouting,
  type JurisdictionCriteria,
  type RoutingAgency,
  type RoutingInput,
  type RoutingJurisdiction,
  type RoutingMerchant,
} from './routing';

const criteria = (value: 'yes' | 'no' | 'unknown' = 'yes'): JurisdictionCriteria => ({
  csamSpecificLaw: value,
  csamDefined: value,
  technologyFacilitatedOffences: value,
  simplePossessionCriminalised: value,
  ispReportingRequired: value,
});

const GB: RoutingJurisdiction = {
  code: 'GB',
  name: 'United Kingdom',
  criteria: criteria('yes'),
  hotline: true,
};
const US: RoutingJurisdiction = {
  code: 'US',
  name: 'United States',
  criteria: { ...criteria('yes'), ispReportingRequired: 'no' },
  hotline: true,
};
const NL: RoutingJurisdiction = {
  code: 'NL',
  name: 'Netherlands',
  criteria: criteria('no'),
  hotline: false,
};
const DE: RoutingJurisdiction = {
  code: 'DE',
  name: 'Germany',
  criteria: criteria('unknown'),
  hotline: false,
};

const METRO: RoutingAgency = {
  id: 'a-metro',
  name: 'Metro Cyber Unit',
  coverage: ['GB'],
  isFallback: false,
};
const FCEU: RoutingAgency = {
  id: 'a-fceu',
  name: 'Federal Child Exploitation Unit',
  coverage: ['US'],
  isFallback: false,
};
const DESK: RoutingAgency = {
  id: 'a-desk',
  name: 'International Liaison Desk',
  coverage: [],
  isFallback: true,
};

function route(merchants: RoutingMerchant[], overrides: Partial<RoutingInput> = {}) {
  return suggestRouting({
    merchants,
    jurisdictions: [GB, US, NL, DE],
    agencies: [METRO, FCEU, DESK],
    ...overrides,
  });
}

describe('suggestRouting', () => {
  describe('candidate jurisdictions', () => {
    it('should take the merchant country, acquirer country, hosting countries and principals’ residence', () => {
      const result = route([
        {
          country: 'GB',
          acquirer: { country: 'US' },
          hostingCountries: ['NL'],
          principals: [{ countryOfResidence: 'DE' }],
        },
      ]);
      expect(result.jurisdictions.map((j) => [j.code, j.sources])).toEqual([
        ['GB', ['merchant_country']],
        ['US', ['acquirer_country']],
        ['NL', ['hosting_country']],
        ['DE', ['principal_residence']],
      ]);
    });

    it('should merge the sources of one country into one jurisdiction, in a fixed order', () => {
      const result = route([
        {
          principals: [{ countryOfResidence: 'GB' }],
          hostingCountries: ['GB'],
          acquirer: { country: 'GB' },
          country: 'GB',
        },
      ]);
      expect(result.jurisdictions).toHaveLength(1);
      expect(result.jurisdictions[0].sources).toEqual([
        'merchant_country',
        'acquirer_country',
        'hosting_country',
        'principal_residence',
      ]);
    });

    it('should combine every referral of the case', () => {
      const result = route([{ country: 'GB' }, { country: 'US', acquirer: { country: 'GB' } }]);
      expect(result.jurisdictions.map((j) => [j.code, j.sources])).toEqual([
        ['GB', ['merchant_country', 'acquirer_country']],
        ['US', ['merchant_country']],
      ]);
    });

    it('should upper-case and trim codes and ignore anything that is not a two-letter code', () => {
      const result = route([
        {
          country: ' gb ',
          acquirer: { country: '' },
          hostingCountries: ['USA', '1X', 'u', 'us'],
          principals: [{ countryOfResidence: null }, {}, { countryOfResidence: 'G B' }],
        },
      ]);
      expect(result.jurisdictions.map((j) => j.code)).toEqual(['GB', 'US']);
    });

    it('should tolerate missing and null parts of the merchant', () => {
      expect(
        route([
          {},
          { country: null, acquirer: null, hostingCountries: null, principals: null },
          { acquirer: {} },
        ]),
      ).toEqual({ jurisdictions: [], candidates: [] });
    });

    it('should suggest nothing for a case without referrals', () => {
      expect(route([])).toEqual({ jurisdictions: [], candidates: [] });
    });

    it('should order jurisdictions by number of sources, then by the earliest kind of source, then code', () => {
      const result = route([
        {
          country: 'US',
          acquirer: { country: 'NL' },
          hostingCountries: ['DE', 'NL', 'BR'],
          principals: [{ countryOfResidence: 'AR' }, { countryOfResidence: 'DE' }],
        },
      ]);
      expect(result.jurisdictions.map((j) => j.code)).toEqual(['NL', 'DE', 'US', 'BR', 'AR']);
    });

    it('should show the recorded criteria, hotline and name, and nulls for an unrecorded code', () => {
      const result = route([{ country: 'US', acquirer: { country: 'BR' } }]);
      const us = result.jurisdictions.find((j) => j.code === 'US');
      const br = result.jurisdictions.find((j) => j.code === 'BR');
      expect(us).toMatchObject({
        name: 'United States',
        recorded: true,
        criteria: US.criteria,
        hotline: true,
        agencyIds: ['a-fceu'],
      });
      expect(br).toMatchObject({
        name: null,
        recorded: false,
        criteria: null,
        hotline: null,
        agencyIds: [],
      });
    });

    it('should match recorded jurisdictions and coverage whatever their letter case', () => {
      const result = route([{ country: 'GB' }], {
        jurisdictions: [{ ...GB, code: 'gb' }],
        agencies: [{ ...METRO, coverage: ['gb'] }],
      });
      expect(result.jurisdictions[0]).toMatchObject({ recorded: true, agencyIds: ['a-metro'] });
    });

    it('should count one filer listing a hosting country twice once, and several principals together', () => {
      const result = route([
        {
          hostingCountries: ['NL', 'nl'],
          principals: [{ countryOfResidence: 'NL' }, { countryOfResidence: 'NL' }],
        },
      ]);
      expect(result.jurisdictions[0].explanation).toBe(
        'websites hosted in NL and 2 principals resident in NL; no agency covers NL; ' +
          "proposing the coalition's fallback channel International Liaison Desk",
      );
    });
  });

  describe('criteria never exclude', () => {
    it('should propose the agency of a jurisdiction whose criteria are all "no" or "unknown"', () => {
      const netherlandsUnit: RoutingAgency = {
        id: 'a-nl',
        name: 'Netherlands Unit',
        coverage: ['NL', 'DE'],
        isFallback: false,
      };
      const result = route([{ country: 'NL', acquirer: { country: 'DE' } }], {
        agencies: [netherlandsUnit, DESK],
      });
      expect(result.candidates.map((c) => c.agencyId)).toEqual(['a-nl']);
    });

    it('should not let a hotline flag change the suggestion', () => {
      const withHotline = route([{ country: 'NL' }], { jurisdictions: [{ ...NL, hotline: true }] });
      const without = route([{ country: 'NL' }], { jurisdictions: [{ ...NL, hotline: false }] });
      expect(withHotline.candidates).toEqual(without.candidates);
      expect(withHotline.jurisdictions[0].hotline).toBe(true);
      expect(without.jurisdictions[0].hotline).toBe(false);
    });
  });

  describe('agencies that cover a jurisdiction', () => {
    it('should propose the covering agency with a one-line reason', () => {
      const result = route([{ country: 'GB', acquirer: { country: 'GB' } }]);
      expect(result.jurisdictions[0].explanation).toBe(
        'merchant registered in GB and acquirer in GB; Metro Cyber Unit covers GB',
      );
      expect(result.candidates).toEqual([
        {
          agencyId: 'a-metro',
          agencyName: 'Metro Cyber Unit',
          jurisdiction: 'GB',
          basis: [
            {
              jurisdiction: 'GB',
              sources: ['merchant_country', 'acquirer_country'],
              explanation:
                'merchant registered in GB and acquirer in GB; Metro Cyber Unit covers GB',
            },
          ],
          explanation: 'merchant registered in GB and acquirer in GB; Metro Cyber Unit covers GB',
          fallback: false,
        },
      ]);
    });

    it('should phrase each kind of source', () => {
      const explanations = route([
        {
          country: 'GB',
          acquirer: { country: 'US' },
          hostingCountries: ['NL'],
          principals: [{ countryOfResidence: 'DE' }],
        },
      ]).jurisdictions.map((j) => j.explanation.split(';')[0]);
      expect(explanations).toEqual([
        'merchant registered in GB',
        'acquirer in US',
        'websites hosted in NL',
        'principal resident in DE',
      ]);
    });

    it('should list three or more reasons with commas and "and"', () => {
      const result = route([
        { country: 'GB', acquirer: { country: 'GB' }, hostingCountries: ['GB'] },
      ]);
      expect(result.jurisdictions[0].explanation).toBe(
        'merchant registered in GB, acquirer in GB and websites hosted in GB; Metro Cyber Unit covers GB',
      );
    });

    it('should propose every agency covering a jurisdiction and name them all', () => {
      const second: RoutingAgency = {
        id: 'a-nca',
        name: 'National Crime Desk',
        coverage: ['GB'],
        isFallback: false,
      };
      const result = route([{ country: 'GB' }], { agencies: [METRO, second, DESK] });
      expect(result.jurisdictions[0].agencyIds).toEqual(['a-metro', 'a-nca']);
      expect(result.jurisdictions[0].explanation).toBe(
        'merchant registered in GB; Metro Cyber Unit and National Crime Desk cover GB',
      );
      expect(result.candidates.map((c) => c.agencyName)).toEqual([
        'Metro Cyber Unit',
        'National Crime Desk',
      ]);
      expect(result.candidates[1].explanation).toBe(
        'merchant registered in GB; National Crime Desk covers GB',
      );
    });

    it('should merge an agency reached through several jurisdictions into one candidate', () => {
      const europe: RoutingAgency = {
        id: 'a-eu',
        name: 'European Desk',
        coverage: ['NL', 'DE'],
        isFallback: false,
      };
      const result = route([{ country: 'NL', hostingCountries: ['DE', 'NL'] }], {
        agencies: [europe, DESK],
      });
      expect(result.candidates).toHaveLength(1);
      expect(result.candidates[0]).toEqual({
        agencyId: 'a-eu',
        agencyName: 'European Desk',
        jurisdiction: 'NL',
        basis: [
          {
            jurisdiction: 'NL',
            sources: ['merchant_country', 'hosting_country'],
            explanation:
              'merchant registered in NL and websites hosted in NL; European Desk covers NL',
          },
          {
            jurisdiction: 'DE',
            sources: ['hosting_country'],
            explanation: 'websites hosted in DE; European Desk covers DE',
          },
        ],
        explanation:
          'European Desk covers NL (merchant registered in NL and websites hosted in NL) and DE (websites hosted in DE)',
        fallback: false,
      });
    });

    it('should let the fallback agency be proposed as an ordinary agency for what it covers', () => {
      const desk = { ...DESK, coverage: ['NL'] };
      const result = route([{ country: 'NL' }], { agencies: [METRO, desk] });
      expect(result.candidates).toEqual([
        expect.objectContaining({
          agencyId: 'a-desk',
          fallback: false,
          explanation: 'merchant registered in NL; International Liaison Desk covers NL',
        }),
      ]);
    });
  });

  describe('the fallback channel', () => {
    it('should propose the fallback for a recorded jurisdiction that no agency covers', () => {
      const result = route([{ country: 'NL' }]);
      const expected =
        "merchant registered in NL; no agency covers NL; proposing the coalition's fallback channel International Liaison Desk";
      expect(result.jurisdictions[0]).toMatchObject({ agencyIds: [], explanation: expected });
      expect(result.candidates).toEqual([
        {
          agencyId: 'a-desk',
          agencyName: 'International Liaison Desk',
          jurisdiction: 'NL',
          basis: [
            {
              jurisdiction: 'NL',
              sources: ['merchant_country', 'fallback'],
              explanation: expected,
            },
          ],
          explanation: expected,
          fallback: true,
        },
      ]);
    });

    it('should propose the fallback for a country that is not a recorded jurisdiction, and say so', () => {
      const result = route([{ hostingCountries: ['BR'] }]);
      expect(result.jurisdictions[0].explanation).toBe(
        'websites hosted in BR; BR is not a recorded jurisdiction, so no agency covers it; ' +
          "proposing the coalition's fallback channel International Liaison Desk",
      );
      expect(result.candidates.map((c) => [c.agencyId, c.fallback])).toEqual([['a-desk', true]]);
    });

    it('should say so and propose nothing when no fallback is configured', () => {
      const result = route([{ country: 'GB', hostingCountries: ['BR'] }], {
        agencies: [METRO, FCEU],
      });
      expect(result.jurisdictions.find((j) => j.code === 'BR')?.explanation).toBe(
        'websites hosted in BR; BR is not a recorded jurisdiction, so no agency covers it and no ' +
          'fallback channel is configured, so no agency is proposed for it',
      );
      const nl = route([{ country: 'NL' }], { agencies: [METRO] });
      expect(nl.jurisdictions[0].explanation).toBe(
        'merchant registered in NL; no agency covers NL and no fallback channel is configured, ' +
          'so no agency is proposed for it',
      );
      expect(nl.candidates).toEqual([]);
      expect(result.candidates.map((c) => c.agencyId)).toEqual(['a-metro']);
    });

    it('should merge several uncovered jurisdictions into one fallback candidate', () => {
      const result = route([{ country: 'NL', hostingCountries: ['BR'] }]);
      expect(result.candidates).toHaveLength(1);
      expect(result.candidates[0]).toMatchObject({
        agencyId: 'a-desk',
        jurisdiction: 'NL',
        fallback: true,
        explanation:
          "International Liaison Desk is the coalition's fallback channel for NL (merchant registered in NL) " +
          'and BR (websites hosted in BR), which no agency covers',
      });
      expect(result.candidates[0].basis.map((b) => b.jurisdiction)).toEqual(['NL', 'BR']);
    });

    it('should explain a fallback agency that also covers a jurisdiction itself', () => {
      const desk = { ...DESK, coverage: ['DE'] };
      const result = route([{ country: 'NL', principals: [{ countryOfResidence: 'DE' }] }], {
        agencies: [METRO, desk],
      });
      expect(result.candidates).toHaveLength(1);
      expect(result.candidates[0]).toMatchObject({
        jurisdiction: 'DE',
        fallback: true,
        explanation:
          'International Liaison Desk covers DE (principal resident in DE) ' +
          "and is the coalition's fallback channel for NL (merchant registered in NL), which no agency covers",
      });
      expect(result.candidates[0].basis.map((b) => [b.jurisdiction, b.sources])).toEqual([
        ['DE', ['principal_residence']],
        ['NL', ['merchant_country', 'fallback']],
      ]);
    });

    it('should not propose the fallback when every jurisdiction is covered', () => {
      const result = route([{ country: 'GB', acquirer: { country: 'US' } }]);
      expect(result.candidates.some((c) => c.fallback)).toBe(false);
      // One source each: ordered by name.
      expect(result.candidates.map((c) => c.agencyId)).toEqual(['a-fceu', 'a-metro']);
    });

    it('should pick one fallback deterministically if the input holds several', () => {
      const other: RoutingAgency = {
        id: 'a-zz',
        name: 'Another Desk',
        coverage: [],
        isFallback: true,
      };
      const one = route([{ country: 'NL' }], { agencies: [DESK, other] });
      const two = route([{ country: 'NL' }], { agencies: [other, DESK] });
      expect(one).toEqual(two);
      expect(one.candidates.map((c) => c.agencyName)).toEqual(['Another Desk']);
    });
  });

  describe('ordering and determinism', () => {
    it('should order candidates by how many sources support them, then by name', () => {
      const zed: RoutingAgency = {
        id: 'a-zed',
        name: 'Zed Unit',
        coverage: ['NL'],
        isFallback: false,
      };
      const abe: RoutingAgency = {
        id: 'a-abe',
        name: 'Abe Unit',
        coverage: ['DE'],
        isFallback: false,
      };
      const result = route(
        [
          {
            country: 'US',
            acquirer: { country: 'NL' },
            hostingCountries: ['NL', 'DE', 'GB'],
          },
        ],
        { agencies: [METRO, FCEU, zed, abe, DESK] },
      );
      expect(result.candidates.map((c) => c.agencyName)).toEqual([
        'Zed Unit', // NL: acquirer + hosting
        'Abe Unit', // DE: hosting
        'Federal Child Exploitation Unit', // US: merchant
        'Metro Cyber Unit', // GB: hosting
      ]);
    });

    it('should put a fallback-only candidate after covering agencies with the same support', () => {
      // "International Liaison Desk" sorts before "Metro Cyber Unit" by name, yet comes second.
      const result = route([{ country: 'GB', hostingCountries: ['BR'] }]);
      expect(result.candidates.map((c) => [c.agencyName, c.fallback])).toEqual([
        ['Metro Cyber Unit', false],
        ['International Liaison Desk', true],
      ]);
      // With more support, the fallback comes first all the same.
      const more = route([
        { country: 'GB', acquirer: { country: 'BR' }, hostingCountries: ['BR'] },
      ]);
      expect(more.candidates.map((c) => c.agencyName)).toEqual([
        'International Liaison Desk',
        'Metro Cyber Unit',
      ]);
    });

    it('should count support across every jurisdiction an agency is reached through', () => {
      const wide: RoutingAgency = {
        id: 'a-wide',
        name: 'Wide Unit',
        coverage: ['DE', 'NL'],
        isFallback: false,
      };
      const result = route(
        [
          {
            country: 'GB',
            acquirer: { country: 'GB' },
            hostingCountries: ['DE', 'NL'],
            principals: [{ countryOfResidence: 'NL' }],
          },
        ],
        { agencies: [METRO, wide] },
      );
      // Wide Unit: DE (1) + NL (2) = 3; Metro Cyber Unit: GB (2).
      expect(result.candidates.map((c) => c.agencyName)).toEqual(['Wide Unit', 'Metro Cyber Unit']);
      expect(result.candidates[0].jurisdiction).toBe('NL');
    });

    it('should break ties between agencies of the same name by id', () => {
      const a: RoutingAgency = { id: 'a-1', name: 'Same', coverage: ['NL'], isFallback: false };
      const b: RoutingAgency = { id: 'a-2', name: 'Same', coverage: ['NL'], isFallback: false };
      expect(
        route([{ country: 'NL' }], { agencies: [b, a] }).candidates.map((c) => c.agencyId),
      ).toEqual(['a-1', 'a-2']);
    });

    it('should give the same suggestion whatever the order of its inputs', () => {
      const merchants: RoutingMerchant[] = [
        { country: 'GB', hostingCountries: ['BR', 'NL'] },
        { country: 'US', principals: [{ countryOfResidence: 'DE' }, { countryOfResidence: 'GB' }] },
      ];
      const first = route(merchants);
      const second = suggestRouting({
        merchants: [...merchants].reverse(),
        jurisdictions: [DE, NL, US, GB],
        agencies: [DESK, FCEU, METRO],
      });
      expect(second).toEqual(first);
      expect(JSON.stringify(route(merchants))).toBe(JSON.stringify(first));
    });

    it('should not change its input', () => {
      const input: RoutingInput = {
        merchants: [{ country: 'gb', hostingCountries: ['NL'] }],
        jurisdictions: [GB, NL],
        agencies: [DESK, METRO],
      };
      const copy = JSON.parse(JSON.stringify(input)) as RoutingInput;
      const result = suggestRouting(input);
      expect(input).toEqual(copy);
      result.jurisdictions[0].criteria!.csamDefined = 'no';
      expect(GB.criteria.csamDefined).toBe('yes');
    });
  });

  describe('explanations', () => {
    it('should end a long explanation with an ellipsis at ROUTING_EXPLANATION_MAX characters', () => {
      const many: RoutingAgency[] = Array.from({ length: 40 }, (_, i) => ({
        id: `a-${i}`,
        name: `Regional Cyber Crime Unit number ${i} of the national police`,
        coverage: ['GB'],
        isFallback: false,
      }));
      const result = route([{ country: 'GB' }], { agencies: many });
      const explanation = result.jurisdictions[0].explanation;
      expect(explanation).toHaveLength(ROUTING_EXPLANATION_MAX);
      expect(explanation.endsWith('…')).toBe(true);
      expect(result.jurisdictions[0].agencyIds).toHaveLength(40);
      expect(route([{ country: 'GB' }]).jurisdictions[0].explanation.endsWith('…')).toBe(false);
    });
  });
});
