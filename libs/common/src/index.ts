export * from './config';
export * from './errors';
export * from './http';
export * from './logging';
export * from './startup';
export * from './timeout';
export * from './crypto/field-cipher';
export * from './crypto/card-hash';
