export * from './problem';
export * from './http-errors';
export * from './validation';
export * from './problem-mapper';
export * from './problem-details.filter';
export * from './full-card-number.pipe';
