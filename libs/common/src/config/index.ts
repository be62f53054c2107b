export * from './environment';
export * from './app-config.module';
