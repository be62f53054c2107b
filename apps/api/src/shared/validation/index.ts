export * from './amounts';
export * from './checks';
export * from './contact-details';
export * from './dates';
export * from './transforms';
