export {
  DemoSeedRepository,
  type DemoAgencyRow,
  type DemoJurisdictionRow,
  type DemoOrganizationRow,
  type DemoUserRow,
} from './demo-seed.repository';
