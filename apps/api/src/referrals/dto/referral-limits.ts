import { MAX_AMOUNT, MAX_EMAIL_LENGTH, MAX_URL_LENGTH } from '../../shared/validation';

/** Size limits of the merchant part of a referral. */
export const MERCHANT_LIMITS = {
  legalName: 200,
  tradingNames: 20,
  tradingName: 200,
  descriptors: 20,
  descriptor: 100,
  merchantIds: 20,
  merchantIdPart: 64,
  websites: 50,
  hostingCountries: 10,
  website: MAX_URL_LENGTH,
  emails: 50,
  email: MAX_EMAIL_LENGTH,
  phones: 50,
  phone: 32,
  registrationNumber: 64,
  taxId: 64,
  principals: 5,
  principalName: 200,
  nationalId: 64,
  acquirerName: 200,
} as const;

/** Size limits of a referral body (the merchant's are in MERCHANT_LIMITS). */
export const REFERRAL_LIMITS = {
  indicators: 30,
  narrative: 20000,
  escalationReason: 2000,
  observables: 500,
  transactions: 1000,
} as const;

/**
 * Bounds of the response strings: the limits of the inputs they were filed
 * with (a stored value was checked against them), or the length of their
 * fixed format.
 */
export const CURRENCY_LENGTH = 3;
/** `1000000000000.00`: the canonical form of the largest amount. */
export const AMOUNT_LENGTH = MAX_AMOUNT.length;
/** `FCR-2026-000123`; the counter (a PostgreSQL integer) has at most 10 digits. */
export const REFERENCE_MAX_LENGTH = 'FCR-2026-'.length + 10;
export const BIN_MAX_LENGTH = 8;
export const ICA_MAX_LENGTH = 11;
export const MCC_LENGTH = 4;
