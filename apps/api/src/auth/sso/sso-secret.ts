import { AppConfig, FieldCipher, parseFieldKeys, type Sealed } from '@app/common';
import { Injectable } from '@nestjs/common';

/**
 * The client secret of an organization's provider, sealed at rest like a
 * webhook secret (AES-256-GCM, FIELD_ENCRYPTION_KEYS), bound to its
 * organization and kept without the cipher's clear-text hint.
 */
@Injectable()
export class SsoSecret {
  private readonly cipher: FieldCipher;

  constructor(config: AppConfig) {
    this.cipher = new FieldCipher(parseFieldKeys(config.require('FIELD_ENCRYPTION_KEYS')));
  }

  seal(organizationId: string, secret: string): Sealed {
    return { ...this.cipher.seal(secret, contextOf(organizationId)), hint: '' };
  }

  open(organizationId: string, sealed: Sealed): string {
    return this.cipher.open(sealed, contextOf(organizationId));
  }
}

function contextOf(organizationId: string): string {
  return `organization:${organizationId}:ssoClientSecret`;
}
