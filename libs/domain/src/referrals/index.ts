export * from './vocabulary';
export * from './card-numbers';
export * from './identifiers';
export * from './matching-keys';
export * from './document-type';
export * from './image-payloads';
export * from './member-actions';
