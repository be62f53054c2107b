export * from './request-meta';
export * from './pagination';
export * from './uuid-param.pipe';
export * from './no-body.pipe';
export * from './metrics-guard';
