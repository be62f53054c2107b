export * from './problem';
export * from './http-errors';
export * from './validation';
export * from './problem-mapper';
export * from './send-problem';
export * from './full-card-number.pipe';
