import { amountForBody } from './referral-form/amounts';
import { websiteWithScheme } from './referral-form/websites';
import type { FormState, TriState } from './referral-form-model';

/**
 * How the referral form's state becomes a request body. The form holds
 * what the person typed, as typed; the API checks it (POST
 * /referrals/validation) and the form shows the API's messages. Nothing here
 * decides whether a value is valid: blank inputs are left out (so the API
 * says "is required" where a value is required), everything else is sent.
 * Two conversions happen here, as the API would make them: amounts typed in
 * the person's locale become decimal strings ("1.200,50" → "1200.50"), and
 * web addresses with a path get their scheme ("shop.example/offer" →
 * "https://shop.example/offer"); what cannot be read is sent as typed.
 */

/** A typed value, or undefined when nothing (or only spaces) was typed. */
const given = (value: string): string | undefined => (value.trim() === '' ? undefined : value);
const lines = (value: string): string[] =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
const words = (value: string): string[] => value.split(/[\s,;]+/).filter((word) => word !== '');
const yesNo = (value: TriState): boolean | undefined =>
  value === '' ? undefined : value === 'yes';

/**
 * The request body for the form as it stands (create, validation, and the
 * source of PATCH). `null` clears the optional dates, the escalation reason
 * and the total amount; the acknowledgement is sent only when ticked (the
 * API accepts only `true`).
 */
export function bodyFromForm(state: FormState, locale: string): Record<string, unknown> {
  const m = state.merchant;
  const anyAcquirer = [m.acquirerName, m.acquirerCountry, m.acquirerBin, m.acquirerIca].some(
    (v) => v.trim() !== '',
  );
  const hasTotal = state.totalValue.trim() !== '' || state.totalCurrency.trim() !== '';
  return {
    category: given(state.category),
    indicators: state.indicators,
    priority: state.priority,
    escalationReason: state.priority === 'P1' ? given(state.escalationReason) : null,
    tlp: state.tlp,
    observedFrom: given(state.observedFrom) ?? null,
    observedTo: given(state.observedTo) ?? null,
    totalAmount: hasTotal
      ? { value: amountForBody(state.totalValue, locale), currency: given(state.totalCurrency) }
      : null,
    narrative: given(state.narrative),
    merchant: {
      legalName: given(m.legalName),
      tradingNames: lines(m.tradingNames),
      descriptors: lines(m.descriptors),
      country: given(m.country),
      mcc: given(m.mcc),
      acquirer: anyAcquirer
        ? {
            name: given(m.acquirerName),
            country: given(m.acquirerCountry),
            bin: given(m.acquirerBin),
            ica: given(m.acquirerIca),
          }
        : undefined,
      merchantIds: m.merchantIds.map((row) => ({
        acquirerId: given(row.acquirerId),
        mid: given(row.mid),
      })),
      websites: lines(m.websites).map(websiteWithScheme),
      hostingCountries: words(m.hostingCountries),
      emails: lines(m.emails),
      phones: lines(m.phones),
      registrationNumber: given(m.registrationNumber),
      taxId: given(m.taxId),
      principals: m.principals.map((p) => ({
        name: given(p.name),
        countryOfResidence: given(p.countryOfResidence),
        dateOfBirth: given(p.dateOfBirth),
        nationalId: given(p.nationalId),
      })),
    },
    observables: state.observables.map((o) => ({
      type: o.type,
      value: given(o.value),
      algorithm: o.type === 'file_hash' ? given(o.algorithm) : undefined,
      event: o.type === 'ip' ? given(o.event) : undefined,
      seenAt: given(o.seenAt) ? `${o.seenAt}Z` : undefined,
      viewedByReporter: yesNo(o.viewedByReporter),
      publiclyAvailable: yesNo(o.publiclyAvailable),
    })),
    transactions: state.transactions.map((t) => ({
      date: given(t.date),
      amount: amountForBody(t.amount, locale),
      currency: given(t.currency),
      rail: given(t.rail),
      direction: given(t.direction),
      counterparty: given(t.counterparty),
    })),
    acknowledgeReportingDuty: state.acknowledgeReportingDuty ? true : undefined,
  };
}

/** Fields PATCH must carry together: rules between them apply within one request. */
const TOGETHER: string[][] = [
  ['priority', 'escalationReason'],
  ['observedFrom', 'observedTo'],
];

/**
 * The PATCH body: the top-level fields that differ from what was last saved
 * (each replaces the stored one as a whole). Leaving unchanged fields out
 * keeps what the form cannot send back, such as a tax id on file.
 */
export function changedFields(
  body: Record<string, unknown>,
  saved: Record<string, unknown>,
): Record<string, unknown> {
  const changed = new Set(
    Object.keys(body).filter((k) => JSON.stringify(body[k]) !== JSON.stringify(saved[k])),
  );
  for (const group of TOGETHER) {
    if (group.some((k) => changed.has(k))) group.forEach((k) => changed.add(k));
  }
  const out: Record<string, unknown> = {};
  for (const k of changed) {
    // The API takes only `true`; an untick cannot be saved, and is checked again at submit.
    if (k === 'acknowledgeReportingDuty' && body[k] === undefined) continue;
    // A draft's narrative and category can be changed but not emptied.
    if (body[k] === undefined) continue;
    out[k] = body[k];
  }
  return out;
}
