import { ValidationProblem, type FieldProblem } from '@app/common';
import {
  InMemoryAgenciesRepository,
  InMemoryJurisdictionsRepository,
  InMemoryRoutingRepository,
  InMemoryUnitOfWork,
  type NewAgency,
  type StoredMerchant,
} from '@app/persistence';
import { RoutingService } from './routing.service';

const CASE = '00000000-0000-4000-8000-00000000ca5e';
const BANK = '00000000-0000-4000-8000-00000000ba01';
const OFFICER = '00000000-0000-4000-8000-00000000u001';

const GB_UNIT = '00000000-0000-4000-8000-0000000000a1';
const FR_UNIT = '00000000-0000-4000-8000-0000000000a2';
const FALLBACK = '00000000-0000-4000-8000-0000000000a3';
const ASLEEP = '00000000-0000-4000-8000-0000000000a4';

describe('RoutingService', () => {
  let routing: InMemoryRoutingRepository;
  let jurisdictions: InMemoryJurisdictionsRepository;
  let agencies: InMemoryAgenciesRepository;
  let uow: InMemoryUnitOfWork;
  let service: RoutingService;

  async function agency(id: string, name: string, coverage: string[], values: Partial<NewAgency>) {
    await agencies.insert(uow.tx, {
      id,
      organizationId: id,
      name,
      channels: ['portal'],
      webhookUrl: null,
      webhookSecret: null,
      contactEmail: null,
      contactPhone: null,
      isFallback: false,
      active: true,
      isDemo: false,
      ...values,
    });
    await agencies.replaceCoverage(uow.tx, id, coverage);
  }

  function referral(n: number, status: string, merchant: StoredMerchant | null): void {
    routing.referrals.push({
      id: `00000000-0000-4000-8000-00000000000${n}`,
      caseId: CASE,
      organizationId: BANK,
      createdBy: OFFICER,
      status,
      merchant,
    });
  }

  beforeEach(async () => {
    routing = new InMemoryRoutingRepository();
    jurisdictions = new InMemoryJurisdictionsRepository();
    agencies = new InMemoryAgenciesRepository();
    uow = new InMemoryUnitOfWork();
    service = new RoutingService(routing, jurisdictions, agencies);
    for (const code of ['GB', 'FR']) {
      await jurisdictions.insert(uow.tx, {
        code,
        name: `Land ${code}`,
        csamSpecificLaw: 'yes',
        csamDefined: 'yes',
        technologyFacilitatedOffences: 'yes',
        simplePossessionCriminalised: 'yes',
        ispReportingRequired: 'yes',
        sourceEdition: null,
        reviewedOn: null,
        hotline: code === 'GB',
        isDemo: false,
      });
    }
    await agency(GB_UNIT, 'Metro Cyber Unit', ['GB'], {});
    await agency(FR_UNIT, 'Brigade Numérique', ['FR'], {});
    await agency(FALLBACK, 'International Liaison Desk', [], { isFallback: true });
    await agency(ASLEEP, 'Dormant Desk', ['GB'], { active: false });
  });

  describe('suggest', () => {
    it("should propose the active agency covering the merchant's jurisdiction, from recorded criteria", async () => {
      referral(1, 'submitted', { legalName: 'Shop', country: 'GB' });
      const suggestion = await service.suggest(uow.tx, CASE);
      expect(suggestion.jurisdictions).toEqual([
        expect.objectContaining({ code: 'GB', name: 'Land GB', recorded: true, hotline: true }),
      ]);
      expect(suggestion.candidates.map((c) => [c.agencyId, c.fallback])).toEqual([
        [GB_UNIT, false],
      ]);
    });

    it('should weigh acquirer, hosting and principal countries, and propose the fallback for an unrecorded one', async () => {
      referral(1, 'in_review', {
        legalName: 'Shop',
        acquirer: { country: 'FR' },
        hostingCountries: ['br'],
      });
      const suggestion = await service.suggest(uow.tx, CASE);
      expect(suggestion.jurisdictions.map((j) => [j.code, j.recorded])).toEqual([
        ['FR', true],
        ['BR', false],
      ]);
      expect(suggestion.candidates.map((c) => [c.agencyId, c.fallback])).toEqual([
        [FR_UNIT, false],
        [FALLBACK, true],
      ]);
    });

    it('should ignore draft and withdrawn referrals and referrals without a merchant', async () => {
      referral(1, 'draft', { legalName: 'Shop', country: 'FR' });
      referral(2, 'withdrawn', { legalName: 'Shop', country: 'FR' });
      referral(3, 'submitted', null);
      referral(4, 'submitted', { legalName: 'Shop', country: 'GB' });
      const suggestion = await service.suggest(uow.tx, CASE);
      expect(suggestion.jurisdictions.map((j) => j.code)).toEqual(['GB']);
      expect(suggestion.candidates.map((c) => c.agencyId)).toEqual([GB_UNIT]);
    });

    it('should never propose an inactive agency', async () => {
      referral(1, 'submitted', { legalName: 'Shop', country: 'GB' });
      const suggestion = await service.suggest(uow.tx, CASE);
      expect(suggestion.candidates.map((c) => c.agencyId)).not.toContain(ASLEEP);
      expect(suggestion.jurisdictions[0].agencyIds).toEqual([GB_UNIT]);
    });
  });

  describe('planFor', () => {
    beforeEach(() => referral(1, 'submitted', { legalName: 'Shop', country: 'GB' }));

    it("should keep the engine's basis for a suggested agency and mark the others as the coordinator's choice", async () => {
      const plan = await service.planFor(uow.tx, CASE, [FR_UNIT, GB_UNIT.toUpperCase()]);
      expect(plan.map((p) => [p.agencyId, p.agencyName])).toEqual([
        [FR_UNIT, 'Brigade Numérique'],
        [GB_UNIT, 'Metro Cyber Unit'],
      ]);
      expect(plan[0].basis).toEqual([
        {
          jurisdiction: null,
          sources: ['coordinator_choice'],
          explanation: 'chosen by the coordinator',
        },
      ]);
      expect(plan[1].basis).toEqual([
        expect.objectContaining({ jurisdiction: 'GB', sources: ['merchant_country'] }),
      ]);
    });

    it('should name every unknown, inactive or repeated agency by its index', async () => {
      const refused = await service
        .planFor(uow.tx, CASE, [
          GB_UNIT,
          'not-a-uuid',
          ASLEEP,
          GB_UNIT,
          '00000000-0000-4000-8000-0000000000ff',
        ])
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ValidationProblem);
      const errors = (refused as ValidationProblem).fieldErrors as FieldProblem[];
      expect(errors).toEqual([
        { field: 'agencyIds[1]', messages: ['Agency 2 is not an existing agency'] },
        { field: 'agencyIds[2]', messages: ['Agency 3 is an inactive agency'] },
        { field: 'agencyIds[3]', messages: ['lists an agency already listed'] },
        { field: 'agencyIds[4]', messages: ['Agency 5 is not an existing agency'] },
      ]);
    });

    it('should refuse an empty choice', async () => {
      await expect(service.planFor(uow.tx, CASE, [])).rejects.toMatchObject({
        fieldErrors: [{ field: 'agencyIds', messages: ['Agencies must name at least one agency'] }],
      });
    });
  });
});
