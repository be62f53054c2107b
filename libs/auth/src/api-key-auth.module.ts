import { Global, Module } from '@nestjs/common';
import { ApiKeyAuthenticator } from './api-key-authenticator';

/**
 * Lets the global authentication guard accept API keys. An app that does not
 * import it accepts access tokens only (a `crh_…` credential is then refused).
 */
@Global()
@Module({ providers: [ApiKeyAuthenticator], exports: [ApiKeyAuthenticator] })
export class ApiKeyAuthModule {}
