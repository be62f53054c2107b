export * from './organization';
export * from './roles';
export * from './permissions';
export * from './password-policy';
export * from './canonical-json';
export * from './referrals';
export * from './referral-workflow';
export * from './cases';
