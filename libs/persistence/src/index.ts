export * from './entities';
export * from './migrations';
export * from './database-options';
export * from './persistence.module';
export * from './transactions';
export * from './migrate';
export * from './keyset-page';
export * from './references';
