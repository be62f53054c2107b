export * from './audit-writer';
export * from './audit.module';
export * from './audit-chain';
export * from './audit-checkpoint';
export * from './audit-verification';
export * from './package-proof';
export * from './audit-actions';
export * from './audit-archive';
