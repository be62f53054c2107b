export * from './transition-decision';
export * from './dispatch-workflow';
export * from './case-workflow';
export * from './holds';
export * from './case-package';
export * from './sla';
export * from './public-holidays';
