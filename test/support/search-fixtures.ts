import { matchingKeys, type MerchantKeyInput } from '@app/domain';
import { ReferralEntity } from '@app/persistence';
import type { DataSource } from 'typeorm';
import { createCase, insertReferral, type CaseFixture, type FilerFixture } from './case-fixtures';

/** What a searchable merchant is called and known by. */
export interface MerchantFacts {
  legalName: string;
  domain: string;
  country?: string;
  /** `{ acquirerId, mid }` pairs. */
  merchantIds?: { acquirerId: string; mid: string }[];
  emails?: string[];
  phones?: string[];
}

/**
 * A case (status `triage` unless told) holding one submitted referral per
 * filer about the merchant, with the matching keys intake would have written
 * for each (the search reads them as the matcher does).
 */
export async function keyedCase(
  ds: DataSource,
  filers: FilerFixture[],
  merchant: MerchantFacts,
  options: { status?: string } = {},
): Promise<CaseFixture> {
  const fixture = await createCase(ds, [], { status: options.status ?? 'triage' });
  for (const filer of filers) {
    const referral = await insertReferral(ds, filer, {
      status: 'in_review',
      caseId: fixture.caseRow.id,
      legalName: merchant.legalName,
      domain: merchant.domain,
      country: merchant.country,
    });
    await ds.query(
      `UPDATE referrals SET merchant = merchant || jsonb_build_object(
          'merchantIds', $2::jsonb, 'emails', $3::jsonb, 'phones', $4::jsonb) WHERE id = $1`,
      [
        referral.id,
        JSON.stringify(merchant.merchantIds ?? []),
        JSON.stringify(merchant.emails ?? []),
        JSON.stringify(merchant.phones ?? []),
      ],
    );
    const stored = await ds.manager.findOneByOrFail(ReferralEntity, { id: referral.id });
    const keys = matchingKeys(stored.merchant as unknown as MerchantKeyInput, stored.observables);
    for (const key of keys) {
      await ds.query(
        `INSERT INTO referral_match_keys (referral_id, case_id, kind, value) VALUES ($1, $2, $3, $4)`,
        [stored.id, fixture.caseRow.id, key.kind, key.value],
      );
    }
    fixture.referrals.push(stored);
  }
  return fixture;
}
