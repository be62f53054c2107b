import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle.service';
import { MfaController } from './mfa.controller';
import { MfaEnrolmentGuard } from './mfa-enrolment.guard';
import { MfaService } from './mfa.service';
import { SecondFactor } from './second-factor';
import { TokensModule } from './tokens.module';

/** Sign-in, session refresh, password change and MFA enrolment. */
@Module({
  imports: [TokensModule],
  controllers: [AuthController, MfaController],
  providers: [
    AuthService,
    LoginThrottle,
    SecondFactor,
    MfaService,
    // Sessions awaiting MFA enrolment reach only the routes marked for them.
    { provide: APP_GUARD, useClass: MfaEnrolmentGuard },
  ],
})
export class AuthFeatureModule {}
