/** Size limits of a referral body (the merchant's are in MERCHANT_LIMITS). */
export const REFERRAL_LIMITS = {
  indicators: 30,
  narrative: 20000,
  escalationReason: 2000,
  observables: 500,
  transactions: 1000,
} as const;
