import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle.service';
import { MfaController } from './mfa.controller';
import { MfaEnrolmentGuard } from './mfa-enrolment.guard';
import { MfaService } from './mfa.service';
import { SecondFactor } from './second-factor';
import { OidcRelyingParty } from './sso/oidc-relying-party';
import { SsoLoginController } from './sso/sso-login.controller';
import { SsoAccounts } from './sso/sso-accounts';
import { SsoLoginService } from './sso/sso-login.service';
import { SsoSecret } from './sso/sso-secret';
import { SsoSettingsController } from './sso/sso-settings.controller';
import { SsoSettingsService } from './sso/sso-settings.service';
import { TokensModule } from './tokens.module';

/** Sign-in (password and single sign-on), session refresh, password change and MFA enrolment. */
@Module({
  imports: [TokensModule],
  controllers: [AuthController, MfaController, SsoLoginController, SsoSettingsController],
  providers: [
    AuthService,
    LoginThrottle,
    SecondFactor,
    MfaService,
    OidcRelyingParty,
    SsoSecret,
    SsoLoginService,
    SsoAccounts,
    SsoSettingsService,
    // Sessions awaiting MFA enrolment reach only the routes marked for them.
    { provide: APP_GUARD, useClass: MfaEnrolmentGuard },
  ],
})
export class AuthFeatureModule {}
