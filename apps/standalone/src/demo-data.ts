import type { CriterionValue, MemberType, OrganizationKind, Role } from '@app/domain';

/**
 * Demo organizations and people. Every name here is fictitious; any likeness
 * to a real institution is accidental. Fixed ids keep the seed idempotent.
 */
export interface DemoOrganization {
  id: string;
  kind: OrganizationKind;
  legalName: string;
  country: string;
  memberType: MemberType | null;
  sharingRegistrationCurrent: boolean | null;
  /** Registered e-mail domains: every demo user's address is at one of its organization's. */
  emailDomains: string[];
  note: string;
}

export interface DemoUser {
  id: string;
  organizationId: string;
  email: string;
  displayName: string;
  role: Role;
}

const ORG = {
  secretariat: 'de000000-0000-4000-8000-000000000001',
  northbank: 'de000000-0000-4000-8000-000000000002',
  southpay: 'de000000-0000-4000-8000-000000000003',
  metroCyber: 'de000000-0000-4000-8000-000000000004',
  fceu: 'de000000-0000-4000-8000-000000000005',
  liaisonDesk: 'de000000-0000-4000-8000-000000000006',
  eastgate: 'de000000-0000-4000-8000-000000000007',
  meridian: 'de000000-0000-4000-8000-000000000008',
} as const;

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    id: ORG.secretariat,
    kind: 'coalition',
    legalName: 'Coalition Secretariat',
    country: 'GB',
    memberType: null,
    sharingRegistrationCurrent: null,
    emailDomains: ['coalition.example'],
    note: 'the coalition',
  },
  {
    id: ORG.northbank,
    kind: 'member',
    legalName: 'Northbank',
    country: 'GB',
    memberType: 'acquirer',
    sharingRegistrationCurrent: true,
    emailDomains: ['northbank.example'],
    note: 'member, acquirer',
  },
  {
    id: ORG.southpay,
    kind: 'member',
    legalName: 'SouthPay',
    country: 'US',
    memberType: 'payment_processor',
    sharingRegistrationCurrent: true,
    emailDomains: ['southpay.example'],
    note: 'member, payment processor',
  },
  {
    id: ORG.eastgate,
    kind: 'member',
    legalName: 'Eastgate Bank',
    country: 'GB',
    memberType: 'issuer',
    sharingRegistrationCurrent: true,
    emailDomains: ['eastgate.example'],
    note: 'member, issuing bank',
  },
  {
    id: ORG.meridian,
    kind: 'member',
    legalName: 'Meridian Card Network',
    country: 'US',
    memberType: 'card_network',
    sharingRegistrationCurrent: true,
    emailDomains: ['meridian.example'],
    note: 'member, card network',
  },
  {
    id: ORG.metroCyber,
    kind: 'law_enforcement',
    legalName: 'Metro Cyber Unit',
    country: 'GB',
    memberType: null,
    sharingRegistrationCurrent: null,
    emailDomains: ['metrocyber.example'],
    note: 'agency covering GB',
  },
  {
    id: ORG.fceu,
    kind: 'law_enforcement',
    legalName: 'Federal Child Exploitation Unit',
    country: 'US',
    memberType: null,
    sharingRegistrationCurrent: null,
    emailDomains: ['fceu.example'],
    note: 'agency covering US',
  },
  {
    id: ORG.liaisonDesk,
    kind: 'law_enforcement',
    legalName: 'International Liaison Desk',
    country: 'FR',
    memberType: null,
    sharingRegistrationCurrent: null,
    emailDomains: ['liaisondesk.example'],
    note: 'international fallback channel',
  },
];

export const DEMO_USERS: DemoUser[] = [
  {
    id: 'de000000-0000-4000-8001-000000000001',
    organizationId: ORG.secretariat,
    email: 'admin@coalition.example',
    displayName: 'Alex Admin (demo)',
    role: 'platform_admin',
  },
  {
    id: 'de000000-0000-4000-8001-000000000002',
    organizationId: ORG.secretariat,
    email: 'coordinator@coalition.example',
    displayName: 'Casey Coordinator (demo)',
    role: 'coordinator',
  },
  {
    id: 'de000000-0000-4000-8001-000000000003',
    organizationId: ORG.secretariat,
    email: 'lead@coalition.example',
    displayName: 'Lee Lead (demo)',
    role: 'lead_coordinator',
  },
  {
    id: 'de000000-0000-4000-8001-000000000004',
    organizationId: ORG.secretariat,
    email: 'auditor@coalition.example',
    displayName: 'Avery Auditor (demo)',
    role: 'auditor',
  },
  {
    id: 'de000000-0000-4000-8001-000000000005',
    organizationId: ORG.northbank,
    email: 'officer@northbank.example',
    displayName: 'Noor Officer (demo)',
    role: 'member_reporter',
  },
  {
    id: 'de000000-0000-4000-8001-000000000006',
    organizationId: ORG.northbank,
    email: 'admin@northbank.example',
    displayName: 'Nico Admin (demo)',
    role: 'member_admin',
  },
  {
    id: 'de000000-0000-4000-8001-000000000007',
    organizationId: ORG.southpay,
    email: 'officer@southpay.example',
    displayName: 'Sam Officer (demo)',
    role: 'member_reporter',
  },
  {
    id: 'de000000-0000-4000-8001-000000000008',
    organizationId: ORG.metroCyber,
    email: 'liaison@metrocyber.example',
    displayName: 'Morgan Liaison (demo)',
    role: 'le_liaison',
  },
  {
    id: 'de000000-0000-4000-8001-000000000009',
    organizationId: ORG.fceu,
    email: 'liaison@fceu.example',
    displayName: 'Frankie Liaison (demo)',
    role: 'le_liaison',
  },
  // Added for the demo's story: a second lead (four eyes), a second coordinator, more
  // compliance officers and member admins, and liaisons the RED routing does or does not name.
  user('a', ORG.secretariat, 'lead2@coalition.example', 'Robin Lead (demo)', 'lead_coordinator'),
  user(
    'b',
    ORG.secretariat,
    'coordinator2@coalition.example',
    'Kit Coordinator (demo)',
    'coordinator',
  ),
  user('c', ORG.northbank, 'analyst@northbank.example', 'Nadia Analyst (demo)', 'member_reporter'),
  user('d', ORG.southpay, 'admin@southpay.example', 'Sasha Admin (demo)', 'member_admin'),
  user('e', ORG.eastgate, 'officer@eastgate.example', 'Elin Officer (demo)', 'member_reporter'),
  user('f', ORG.eastgate, 'admin@eastgate.example', 'Emre Admin (demo)', 'member_admin'),
  user('10', ORG.meridian, 'officer@meridian.example', 'Mira Officer (demo)', 'member_reporter'),
  user('11', ORG.meridian, 'admin@meridian.example', 'Milan Admin (demo)', 'member_admin'),
  user('12', ORG.metroCyber, 'liaison2@metrocyber.example', 'Jordan Liaison (demo)', 'le_liaison'),
  user('13', ORG.liaisonDesk, 'liaison@liaisondesk.example', 'Lou Liaison (demo)', 'le_liaison'),
];

function user(
  n: string,
  organizationId: string,
  email: string,
  displayName: string,
  role: Role,
): DemoUser {
  return {
    id: `de000000-0000-4000-8001-${n.padStart(12, '0')}`,
    organizationId,
    email,
    displayName,
    role,
  };
}

/** The demo user with this e-mail address (the story refers to people by their login). */
export function demoUser(email: string): DemoUser {
  const found = DEMO_USERS.find((u) => u.email === email);
  if (!found) throw new Error(`no demo user ${email}`);
  return found;
}

/**
 * Demo jurisdictions. The criteria are placeholders for trying the product,
 * labelled as such in sourceEdition: not a legal assessment of any country.
 */
export interface DemoJurisdiction {
  code: string;
  name: string;
  csamSpecificLaw: CriterionValue;
  csamDefined: CriterionValue;
  technologyFacilitatedOffences: CriterionValue;
  simplePossessionCriminalised: CriterionValue;
  ispReportingRequired: CriterionValue;
  hotline: boolean;
}

export const DEMO_SOURCE_EDITION = 'demo data — not a legal assessment';

export const DEMO_JURISDICTIONS: DemoJurisdiction[] = [
  {
    code: 'GB',
    name: 'United Kingdom',
    csamSpecificLaw: 'yes',
    csamDefined: 'yes',
    technologyFacilitatedOffences: 'yes',
    simplePossessionCriminalised: 'yes',
    ispReportingRequired: 'unknown',
    hotline: true,
  },
  {
    code: 'US',
    name: 'United States',
    csamSpecificLaw: 'yes',
    csamDefined: 'yes',
    technologyFacilitatedOffences: 'yes',
    simplePossessionCriminalised: 'yes',
    ispReportingRequired: 'yes',
    hotline: true,
  },
];

/** Demo agencies of the three demo law-enforcement organizations (portal delivery only). */
export interface DemoAgency {
  id: string;
  organizationId: string;
  name: string;
  coverage: string[];
  isFallback: boolean;
  contactEmail: string;
}

export const DEMO_AGENCIES: DemoAgency[] = [
  {
    id: 'de000000-0000-4000-8002-000000000001',
    organizationId: ORG.metroCyber,
    name: 'Metro Cyber Unit',
    coverage: ['GB'],
    isFallback: false,
    contactEmail: 'duty@metrocyber.example',
  },
  {
    id: 'de000000-0000-4000-8002-000000000002',
    organizationId: ORG.fceu,
    name: 'Federal Child Exploitation Unit',
    coverage: ['US'],
    isFallback: false,
    contactEmail: 'duty@fceu.example',
  },
  {
    id: 'de000000-0000-4000-8002-000000000003',
    organizationId: ORG.liaisonDesk,
    name: 'International Liaison Desk',
    coverage: [],
    isFallback: true,
    contactEmail: 'duty@liaisondesk.example',
  },
];
