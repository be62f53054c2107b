export * from './vocabulary';
export * from './card-numbers';
export * from './card-fields';
export * from './card-shaped-identifiers';
export * from './identifiers';
export * from './matching-keys';
export * from './document-type';
export * from './member-actions';
