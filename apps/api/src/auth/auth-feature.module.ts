import { AppConfig } from '@app/common';
import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle.service';
import { MfaController } from './mfa.controller';
import { MfaEnrolmentInterceptor } from './mfa-enrolment.interceptor';
import { MfaService } from './mfa.service';
import { SecondFactor } from './second-factor';
import { TokenService } from './token.service';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.require('JWT_SECRET'),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, MfaController],
  providers: [
    AuthService,
    TokenService,
    LoginThrottle,
    SecondFactor,
    MfaService,
    // Sessions awaiting MFA enrolment reach only the routes marked for them.
    { provide: APP_INTERCEPTOR, useClass: MfaEnrolmentInterceptor },
  ],
  exports: [TokenService],
})
export class AuthFeatureModule {}
