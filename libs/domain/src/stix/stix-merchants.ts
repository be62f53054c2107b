import { authoredId } from './stix-ids';

/**
 * A merchant as the package reports it, as a STIX identity (an organization).
 * Several referrals about one merchant (same legal name and country) give one
 * identity. Principals are people and are not exported; the package carries them.
 */

export type StixObject = Record<string, unknown> & { type: string; id: string };

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

/** The key that makes two referrals' merchants one identity. */
export function merchantKey(merchant: Record<string, unknown>): string {
  const name = text(merchant.legalName) ?? strings(merchant.tradingNames)[0] ?? '';
  return `${name.trim().toLowerCase()}|${(text(merchant.country) ?? '').toUpperCase()}`;
}

export function merchantName(merchant: Record<string, unknown>): string {
  return text(merchant.legalName) ?? strings(merchant.tradingNames)[0] ?? 'Unnamed merchant';
}

export function merchantWebsites(merchant: Record<string, unknown>): string[] {
  return strings(merchant.websites);
}

/** The merchant's identity SDO (without common properties the builder adds). */
export function merchantIdentity(scopeId: string, merchant: Record<string, unknown>): StixObject {
  const acquirer = (merchant.acquirer ?? {}) as Record<string, unknown>;
  const lines = [
    ['Trading names', strings(merchant.tradingNames).join(', ')],
    ['Billing descriptors', strings(merchant.descriptors).join(', ')],
    ['Country', text(merchant.country)],
    ['MCC', text(merchant.mcc)],
    ['Registration number', text(merchant.registrationNumber)],
    ['Acquirer', [text(acquirer.name), text(acquirer.country)].filter(Boolean).join(', ')],
  ].filter((l): l is [string, string] => typeof l[1] === 'string' && l[1] !== '');
  const contact = [
    ...strings(merchant.websites),
    ...strings(merchant.emails),
    ...strings(merchant.phones),
  ];
  return {
    type: 'identity',
    id: authoredId('identity', scopeId, 'merchant', merchantKey(merchant)),
    name: merchantName(merchant),
    ...(lines.length > 0 ? { description: lines.map(([k, v]) => `${k}: ${v}`).join('\n') } : {}),
    identity_class: 'organization',
    ...(contact.length > 0 ? { contact_information: contact.join('; ') } : {}),
  };
}

/** The merchant's web presence as an infrastructure SDO. */
export function merchantInfrastructure(
  scopeId: string,
  merchant: Record<string, unknown>,
): StixObject {
  return {
    type: 'infrastructure',
    id: authoredId('infrastructure', scopeId, 'merchant', merchantKey(merchant)),
    name: `${merchantName(merchant)} web presence`,
    description: 'Websites and domains through which the merchant is reported to sell.',
  };
}
