import { type AppConfig, FieldCipher, parseFieldKeys } from '@app/common';
import type { NewReferral, ReferralEntity, SealedField, StoredMerchant } from '@app/persistence';
import { CardShapedMerchantIds } from './card-shaped-merchant-ids';
import type { MerchantInput, ReferralInput } from './referral-input';

/** Top-level fields copied as they are (amounts, transactions and merchant are converted in apply()). */
const SIMPLE_FIELDS = [
  'category',
  'indicators',
  'priority',
  'escalationReason',
  'tlp',
  'observedFrom',
  'observedTo',
  'narrative',
  'observables',
  'acknowledgeReportingDuty',
] as const;

/**
 * What a filer sends, as it is stored: sensitive values sealed for their
 * record and position, card-shaped merchant ids masked; and back again for a
 * coordinator allowed to see them in clear.
 */
export class ReferralContent {
  private readonly cipher: FieldCipher;
  private readonly cardShapedIds: CardShapedMerchantIds;

  constructor(config: AppConfig) {
    this.cipher = new FieldCipher(parseFieldKeys(config.require('FIELD_ENCRYPTION_KEYS')));
    this.cardShapedIds = new CardShapedMerchantIds(config);
  }

  /** Copy the body's fields onto the entity; sensitive ones are sealed for this record. */
  apply(entity: NewReferral, body: ReferralInput): void {
    for (const field of SIMPLE_FIELDS) {
      const value = body[field];
      if (value !== undefined) (entity as unknown as Record<string, unknown>)[field] = value;
    }
    if (
      body.priority !== undefined &&
      body.priority !== 'P1' &&
      body.escalationReason === undefined
    ) {
      entity.escalationReason = null;
    }
    if (body.totalAmount !== undefined) {
      entity.totalAmount = body.totalAmount === null ? null : String(body.totalAmount.value);
      entity.totalCurrency = body.totalAmount === null ? null : body.totalAmount.currency;
    }
    if (body.transactions !== undefined) {
      entity.transactions = body.transactions.map((t) => ({ ...t, amount: String(t.amount) }));
    }
    if (body.merchant !== undefined) {
      entity.merchant = this.sealMerchant(entity.id, body.merchant, entity.merchant);
    }
  }

  /** The sensitive values of a referral in clear, with their paths. */
  revealedFields(referral: ReferralEntity): { path: string; value: string }[] {
    const m = referral.merchant;
    if (!m) return [];
    const out: { path: string; value: string }[] = [];
    if (m.taxId) {
      out.push({
        path: 'merchant.taxId',
        value: this.cipher.open(m.taxId, `referral:${referral.id}:merchant.taxId`),
      });
    }
    (m.principals ?? []).forEach((p, i) => {
      if (p.nationalId) {
        const path = `merchant.principals[${i}].nationalId`;
        out.push({
          path,
          value: this.cipher.open(p.nationalId, `referral:${referral.id}:${path}`),
        });
      }
    });
    return out;
  }

  /**
   * The merchant as stored, sensitive values sealed for this record. Responses
   * only ever show them masked, so a client editing other fields cannot send
   * them back: a tax id or national id left out keeps the stored one (`null`
   * clears it). A principal's national id is kept for the principal of the
   * same name (at the same position if several share it), not by position
   * alone, so removing or reordering principals never moves an id onto
   * another person; moved, it is sealed again for its new position.
   */
  private sealMerchant(
    referralId: string,
    merchant: MerchantInput,
    stored: StoredMerchant | null | undefined,
  ): StoredMerchant {
    const { taxId, principals, merchantIds, ...rest } = merchant;
    const taxIdAad = `referral:${referralId}:merchant.taxId`;
    const nationalIdAad = (i: number) =>
      `referral:${referralId}:merchant.principals[${i}].nationalId`;
    const keptTaxId = taxId === undefined ? stored?.taxId : undefined;
    const storedPrincipals = stored?.principals ?? [];
    const used = new Set<number>();
    /** The stored national id of the principal named `name` (preferring position `i`), sealed for position `i`. */
    const keptNationalId = (name: string, i: number): SealedField | undefined => {
      const same = (j: number) => !used.has(j) && storedPrincipals[j]?.name.trim() === name.trim();
      const j = same(i) ? i : storedPrincipals.findIndex((_p, k) => same(k));
      if (j < 0) return undefined;
      used.add(j);
      const sealed = storedPrincipals[j].nationalId;
      if (!sealed || j === i) return sealed;
      return this.cipher.seal(this.cipher.open(sealed, nationalIdAad(j)), nationalIdAad(i));
    };
    const sealedPrincipals = (principals ?? []).map((p, i) => {
      const { nationalId, ...person } = p;
      const sealed =
        typeof nationalId === 'string'
          ? this.cipher.seal(nationalId, nationalIdAad(i))
          : nationalId === undefined
            ? keptNationalId(person.name, i)
            : undefined;
      return sealed ? { ...person, nationalId: sealed } : person;
    });
    const protectedIds = this.cardShapedIds.protect(merchantIds, stored?.merchantIds);
    return {
      ...rest,
      ...(protectedIds ? { merchantIds: protectedIds } : {}),
      ...(taxId
        ? { taxId: this.cipher.seal(taxId, taxIdAad) }
        : keptTaxId
          ? { taxId: keptTaxId }
          : {}),
      principals: sealedPrincipals,
    };
  }
}

/** The stored referral in the body's shape, for the completeness check. */
export function referralAsInput(r: NewReferral): ReferralInput {
  return {
    category: r.category ?? undefined,
    indicators: r.indicators,
    priority: r.priority,
    escalationReason: r.escalationReason,
    observedFrom: r.observedFrom,
    observedTo: r.observedTo,
    narrative: r.narrative ?? undefined,
    merchant: r.merchant ? { ...r.merchant, taxId: undefined, principals: undefined } : undefined,
    acknowledgeReportingDuty: r.acknowledgeReportingDuty,
  };
}
