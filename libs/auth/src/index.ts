export * from './auth-user';
export * from './decorators';
export * from './password-hasher';
export * from './guards';
export * from './access.service';
export * from './route-declarations';
export * from './auth.module';
export * from './session-validator';
