/**
 * The shape of a referral body as the service consumes it (the DTOs in dto/
 * validate it). Every top-level field is optional because drafts are partial
 * and PATCH replaces only the fields it carries.
 */
export interface ReferralInput {
  category?: string;
  indicators?: string[];
  priority?: string;
  escalationReason?: string | null;
  tlp?: string;
  observedFrom?: string | null;
  observedTo?: string | null;
  totalAmount?: { value: string | number; currency: string } | null;
  narrative?: string;
  merchant?: MerchantInput;
  observables?: ObservableInput[];
  transactions?: TransactionInput[];
  acknowledgeReportingDuty?: boolean;
}

export interface MerchantInput {
  legalName?: string;
  tradingNames?: string[];
  descriptors?: string[];
  country?: string;
  mcc?: string;
  acquirer?: { name?: string; country?: string; bin?: string; ica?: string };
  merchantIds?: { acquirerId: string; mid: string }[];
  websites?: string[];
  hostingCountries?: string[];
  emails?: string[];
  phones?: string[];
  registrationNumber?: string;
  /** Left out on PATCH: the stored one is kept; null: cleared. */
  taxId?: string | null;
  principals?: {
    name: string;
    countryOfResidence?: string;
    dateOfBirth?: string;
    /** Left out on PATCH: the one stored for the principal of the same name is kept; null: cleared. */
    nationalId?: string | null;
  }[];
}

export interface ObservableInput {
  type: string;
  value: string;
  algorithm?: string;
  event?: string;
  seenAt?: string;
  viewedByReporter?: boolean;
  publiclyAvailable?: boolean;
}

export interface TransactionInput {
  date: string;
  amount: string | number;
  currency: string;
  rail: string;
  direction: string;
  counterparty?: string;
}
