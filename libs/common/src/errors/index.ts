export * from './problem';
export * from './http-errors';
export * from './validation';
export * from './field-labels';
export * from './problem-mapper';
export * from './send-problem';
export * from './full-card-number.pipe';
