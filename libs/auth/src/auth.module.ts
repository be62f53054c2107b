import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessService } from './access.service';
import { JwtAuthGuard, PermissionGuard } from './guards';
import { SessionValidator } from './session-validator';
import { PasswordHasher } from './password-hasher';

/**
 * Deny by default: both guards are global. Authentication runs first, then the
 * role's permission for the route; per-record reach is the service's job
 * (AccessService).
 */
@Global()
@Module({
  providers: [
    SessionValidator,
    PasswordHasher,
    AccessService,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: PermissionGuard },
  ],
  exports: [PasswordHasher, AccessService, SessionValidator],
})
export class AuthModule {}
