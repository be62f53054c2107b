import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoSecrets {
  jwtSecret: string;
  demoPassword: string;
  fieldEncryptionKeys: string;
  /** Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints. */
  auditSigningKey: string;
  /** Key of the keyed hash kept for card-shaped merchant ids. */
  cardHashKeys: string;
}

/**
 * Secrets the single-machine start generates when none are configured, kept
 * in the data folder (mode 600) so a restart keeps sessions and the printed
 * password valid. Never used when NODE_ENV=production.
 */
export function loadOrCreateDemoSecrets(dataDir: string): DemoSecrets {
  const file = join(dataDir, 'demo-secrets.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<DemoSecrets>;
    if (typeof parsed.jwtSecret === 'string' && typeof parsed.demoPassword === 'string') {
      // Files written by an earlier version gain the keys added since, kept from then on.
      const secrets = {
        jwtSecret: parsed.jwtSecret,
        demoPassword: parsed.demoPassword,
        fieldEncryptionKeys: parsed.fieldEncryptionKeys ?? newFieldKey(),
        auditSigningKey: parsed.auditSigningKey ?? newSigningKey(),
        cardHashKeys: parsed.cardHashKeys ?? newCardHashKey(),
      };
      if (!parsed.fieldEncryptionKeys || !parsed.auditSigningKey || !parsed.cardHashKeys)
        writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
      return secrets;
    }
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets: DemoSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    // Grouped for reading aloud; 16 random characters from an unambiguous alphabet.
    demoPassword: readablePassword(16),
    fieldEncryptionKeys: newFieldKey(),
    auditSigningKey: newSigningKey(),
    cardHashKeys: newCardHashKey(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function newFieldKey(): string {
  return `demo1:${randomBytes(32).toString('base64')}`;
}

function newCardHashKey(): string {
  return `demo1:${randomBytes(32).toString('base64')}`;
}

function newSigningKey(): string {
  return generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
}

function readablePassword(length: number): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) {
    if (i > 0 && i % 4 === 0) out += '-';
    out += alphabet[bytes[i] % alphabet.length];
  }
  return out;
}
