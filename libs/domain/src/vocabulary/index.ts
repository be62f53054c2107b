export * from './labels';
export * from './audit-actions';
export * from './times';
export * from './match-keys';
