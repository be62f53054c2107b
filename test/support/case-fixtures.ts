import { buildCasePackage, type DispatchStatus, type PackageReferralInput } from '@app/domain';
import {
  AgencyEntity,
  CaseEntity,
  DispatchEntity,
  OrganizationEntity,
  ReferralEntity,
  SlaClockEntity,
  type UserEntity,
  nextReference,
  type StoredRoutingBasis,
} from '@app/persistence';
import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { createOrganization, createUser, uniqueSuffix } from './factories';

/**
 * Routed cases built by inserting rows, for specs about what happens after
 * approval (dispatch work, holds, delivery, SLA) without walking the whole
 * coordinator workflow first. The rows are what the real code writes: the
 * package comes from buildCasePackage, references from the real counters.
 * Nothing here enqueues jobs: no outbox rows are written.
 */

export interface AgencyFixture {
  org: OrganizationEntity;
  agency: AgencyEntity;
}

export interface FilerFixture {
  org: OrganizationEntity;
  user: UserEntity;
}

export interface CaseFixture {
  caseRow: CaseEntity;
  referrals: ReferralEntity[];
}

/** A law-enforcement organization and its agency (portal channel unless overridden). */
export async function createAgency(
  ds: DataSource,
  overrides: Partial<AgencyEntity> = {},
  orgOverrides: Partial<OrganizationEntity> = {},
): Promise<AgencyFixture> {
  const org = await createOrganization(ds, 'law_enforcement', orgOverrides);
  const agency = ds.manager.create(AgencyEntity, {
    id: randomUUID(),
    organizationId: org.id,
    name: `Test Agency ${uniqueSuffix()}`,
    channels: ['portal'],
    webhookUrl: null,
    webhookSecret: null,
    contactEmail: null,
    contactPhone: null,
    isFallback: false,
    active: true,
    isDemo: false,
    ...overrides,
  });
  await ds.manager.insert(AgencyEntity, agency);
  return { org, agency: await ds.manager.findOneByOrFail(AgencyEntity, { id: agency.id }) };
}

/** A liaison of the agency (a le_liaison user of its organization). */
export function createLiaison(
  ds: DataSource,
  agency: AgencyFixture,
  overrides: Partial<UserEntity> = {},
): Promise<UserEntity> {
  return createUser(ds, agency.org, 'le_liaison', overrides);
}

/** A member organization and a compliance officer; `named` opts it in to be named in packages. */
export async function createFiler(
  ds: DataSource,
  options: { named?: boolean; role?: 'member_reporter' | 'member_admin' } = {},
): Promise<FilerFixture> {
  const org = await createOrganization(ds, 'member', {
    namedInDispatches: options.named ?? false,
  });
  const user = await createUser(ds, org, options.role ?? 'member_reporter');
  return { org, user };
}

/**
 * A referral row as stored after intake (no sealed fields, so no cipher is
 * needed). `caseId` null and status `draft` make a draft.
 */
export async function insertReferral(
  ds: DataSource,
  filer: FilerFixture,
  options: {
    status?: string;
    caseId?: string | null;
    legalName?: string;
    domain?: string;
    country?: string;
  } = {},
): Promise<ReferralEntity> {
  const domain = options.domain ?? `shop-${uniqueSuffix()}.example`;
  const status = options.status ?? 'accepted';
  const draft = status === 'draft';
  const referral = ds.manager.create(ReferralEntity, {
    id: randomUUID(),
    reference: await nextReference(ds.manager, 'FCR'),
    organizationId: filer.org.id,
    createdBy: filer.user.id,
    status,
    category: 'commercial_csam_sale',
    indicators: ['descriptor_mismatch'],
    priority: 'P2',
    escalationReason: null,
    tlp: 'AMBER+STRICT',
    observedFrom: '2026-10-01',
    observedTo: '2026-10-20',
    totalAmount: '1520.50',
    totalCurrency: 'GBP',
    narrative: 'Card payments to a merchant whose descriptor does not match its business.',
    merchant: {
      legalName: options.legalName ?? `Merchant ${domain}`,
      tradingNames: [],
      descriptors: ['DIGITAL GOODS LTD'],
      country: options.country ?? 'GB',
      mcc: '5816',
      acquirer: { name: 'Example Acquiring', country: 'GB', bin: '411111' },
      merchantIds: [],
      websites: [`https://www.${domain}/store`],
      emails: [],
      phones: [],
      principals: [{ name: 'A. Principal', countryOfResidence: 'GB' }],
    },
    observables: [
      {
        type: 'url',
        value: `https://${domain}/checkout`,
        viewedByReporter: false,
        publiclyAvailable: true,
      },
      { type: 'card', value: '411111******1111' },
    ],
    transactions: [
      { date: '2026-10-02', amount: '49.99', currency: 'GBP', rail: 'card', direction: 'outbound' },
    ],
    acknowledgeReportingDuty: true,
    caseId: draft ? null : (options.caseId ?? null),
    submittedAt: draft ? null : new Date(),
    withdrawnAt: status === 'withdrawn' ? new Date() : null,
  });
  await ds.manager.insert(ReferralEntity, referral);
  return ds.manager.findOneByOrFail(ReferralEntity, { id: referral.id });
}

/**
 * A case (status `routed` unless told otherwise, approved now) with one
 * referral per filer attached, each `accepted` as approval leaves them.
 */
export async function createCase(
  ds: DataSource,
  filers: FilerFixture[],
  options: { status?: string; referralStatus?: string; priority?: string; tlp?: string } = {},
): Promise<CaseFixture> {
  const now = new Date();
  const caseRow = ds.manager.create(CaseEntity, {
    id: randomUUID(),
    reference: await nextReference(ds.manager, 'CASE'),
    status: options.status ?? 'routed',
    priority: options.priority ?? 'P2',
    assigneeId: null,
    mergedIntoId: null,
    tlp: options.tlp ?? 'AMBER',
    routingPlan: null,
    proposedBy: null,
    proposedAt: now,
    approvedBy: null,
    approvedAt: now,
    routingRound: 1,
    statusReason: null,
    outcome: null,
    closedAt: null,
  });
  await ds.manager.insert(CaseEntity, caseRow);
  const referrals: ReferralEntity[] = [];
  for (const filer of filers) {
    referrals.push(
      await insertReferral(ds, filer, {
        status: options.referralStatus ?? 'accepted',
        caseId: caseRow.id,
      }),
    );
  }
  return { caseRow: await ds.manager.findOneByOrFail(CaseEntity, { id: caseRow.id }), referrals };
}

/** The status timestamps a dispatch in `status` would carry, all at `at`. */
function timestampsFor(status: DispatchStatus, at: Date): Partial<DispatchEntity> {
  const reached = (...statuses: DispatchStatus[]) => statuses.includes(status);
  return {
    deliveredAt: reached('delivered', 'acknowledged', 'accepted', 'declined') ? at : null,
    acknowledgedAt: reached('acknowledged') ? at : null,
    acceptedAt: reached('accepted') ? at : null,
    declinedAt: reached('declined') ? at : null,
    declineReason: reached('declined') ? 'Outside our remit.' : null,
    failedAt: reached('failed') ? at : null,
    lastError: reached('failed') ? 'receiver answered 503' : null,
    deliveryAttempts: reached('pending') ? 0 : reached('failed') ? 5 : 1,
  };
}

/**
 * A dispatch of the case to the agency in `status`, with the package the
 * approval would have built (filers named only if their organization opted
 * in). For `delivered`, a running le_acknowledgement clock is inserted as the
 * delivery job would (set `ackClock: false` to skip; no job is scheduled).
 */
export async function createDispatch(
  ds: DataSource,
  fixture: CaseFixture,
  agency: AgencyFixture,
  options: {
    status?: DispatchStatus;
    tlp?: string;
    basis?: StoredRoutingBasis[];
    ackClock?: boolean;
    /** The only liaisons who may read it (a RED or AMBER+STRICT routing names them). */
    namedLiaisonIds?: string[];
  } = {},
): Promise<DispatchEntity> {
  const status = options.status ?? 'delivered';
  const now = new Date();
  const id = randomUUID();
  const reference = await nextReference(ds.manager, 'DSP');
  const tlp = options.tlp ?? fixture.caseRow.tlp ?? 'AMBER';
  const basis: StoredRoutingBasis[] = options.basis ?? [
    {
      jurisdiction: 'GB',
      sources: ['merchant_country'],
      explanation: `Merchant registered in GB; ${agency.agency.name} covers GB.`,
    },
  ];
  const orgs =
    fixture.referrals.length === 0
      ? []
      : await ds.manager.findBy(OrganizationEntity, {
          id: In(fixture.referrals.map((r) => r.organizationId)),
        });
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const referrals: PackageReferralInput[] = fixture.referrals.map((r) => {
    const org = orgById.get(r.organizationId);
    return {
      reference: r.reference,
      filer: {
        legalName: org?.legalName ?? '',
        namedInDispatches: org?.namedInDispatches ?? false,
      },
      category: r.category,
      indicators: r.indicators,
      priority: r.priority,
      observedFrom: r.observedFrom,
      observedTo: r.observedTo,
      totalAmount:
        r.totalAmount !== null && r.totalCurrency !== null
          ? { value: r.totalAmount, currency: r.totalCurrency }
          : null,
      narrative: r.narrative,
      merchant: (r.merchant ?? null) as Record<string, unknown> | null,
      observables: r.observables,
      transactions: r.transactions,
      submittedAt: r.submittedAt ? r.submittedAt.toISOString() : null,
    };
  });
  const pkg = buildCasePackage({
    dispatch: { id, reference },
    case: {
      id: fixture.caseRow.id,
      reference: fixture.caseRow.reference,
      priority: fixture.caseRow.priority,
    },
    agency: { id: agency.agency.id, name: agency.agency.name },
    tlp,
    pap: 'AMBER',
    rationale: 'Merchant and acquirer are in GB.',
    basis,
    referrals,
    approvedAt: fixture.caseRow.approvedAt ?? now,
  });
  // save, not insert: insert's deep-partial type cannot take the free-form package.
  await ds.manager.save(DispatchEntity, {
    id,
    reference,
    caseId: fixture.caseRow.id,
    agencyId: agency.agency.id,
    routingRound: fixture.caseRow.routingRound,
    status,
    channels: agency.agency.channels,
    basis,
    tlp,
    namedLiaisonIds: options.namedLiaisonIds ?? null,
    package: pkg as unknown as Record<string, unknown>,
    leCaseNumber: null,
    outcome: null,
    outcomeNote: null,
    outcomeAt: null,
    shareCaseNumberWithFilers: false,
    ...timestampsFor(status, now),
  });
  if (status === 'delivered' && options.ackClock !== false) {
    await ds.manager.insert(SlaClockEntity, {
      id: randomUUID(),
      clock: 'le_acknowledgement',
      caseId: fixture.caseRow.id,
      dispatchId: id,
      infoRequestId: null,
      holdId: null,
      startedAt: now,
      dueAt: new Date(now.getTime() + 5 * 24 * 60 * 60 * 1000),
      status: 'running',
      breachedAt: null,
      stoppedAt: null,
    });
  }
  return ds.manager.findOneByOrFail(DispatchEntity, { id });
}

export interface RoutedCaseFixture extends CaseFixture {
  filer: FilerFixture;
  agency: AgencyFixture;
  liaison: UserEntity;
  dispatch: DispatchEntity;
}

/**
 * The whole picture in one call: a member organization and its filer with a
 * submitted referral on a routed case, an agency (portal) with a liaison,
 * and a dispatch of the case to the agency in `dispatchStatus`.
 */
export async function createRoutedCase(
  ds: DataSource,
  options: { dispatchStatus?: DispatchStatus; namedFiler?: boolean; agency?: AgencyFixture } = {},
): Promise<RoutedCaseFixture> {
  const filer = await createFiler(ds, { named: options.namedFiler });
  const fixture = await createCase(ds, [filer]);
  const agency = options.agency ?? (await createAgency(ds));
  const liaison = await createLiaison(ds, agency);
  const dispatch = await createDispatch(ds, fixture, agency, {
    status: options.dispatchStatus ?? 'delivered',
  });
  return { ...fixture, filer, agency, liaison, dispatch };
}
