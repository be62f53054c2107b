import type { ReactNode } from 'react';
import { Details } from '../../../components/ui';
import type { FormState, ReferralBody } from '../referral-form-model';
import type { StepId } from '../referral-form-problems';
import {
  algorithmLabel,
  categoryLabel,
  directionLabel,
  indicatorLabel,
  ipEventLabel,
  observableLabel,
  priorityLabel,
  railLabel,
} from '../vocabulary';
import { showAmount, userLocale } from './amounts';
import { countryName, isCountryCode } from './countries';

/**
 * What will be submitted, rendered from the request body itself (the object
 * the form sends), so what the review shows is what the API receives:
 * amounts as the decimal strings sent (shown in the person's locale), web
 * addresses with the scheme they are sent with. Ids typed in clear (tax id,
 * national ids) are not repeated on screen.
 */
export function ReviewSummary(props: {
  body: ReferralBody;
  state: FormState;
  onEdit: (step: StepId) => void;
}) {
  const { body, state, onEdit } = props;
  const locale = userLocale();
  const m = body.merchant ?? {};
  const list = (values: readonly string[] | undefined) =>
    values && values.length > 0 ? values.join(', ') : null;
  const country = (code: string | null | undefined) =>
    code ? (isCountryCode(code) ? `${countryName(code, locale)} (${code})` : code) : null;
  const secret = (sent: string | null | undefined, onFile: string | null) =>
    sent
      ? 'New value entered (stored encrypted, shown masked afterwards)'
      : onFile
        ? `On file: ${onFile}`
        : null;
  const acquirer = m.acquirer
    ? [
        m.acquirer.name,
        country(m.acquirer.country),
        m.acquirer.bin && `BIN ${m.acquirer.bin}`,
        m.acquirer.ica && `ICA ${m.acquirer.ica}`,
      ]
        .filter(Boolean)
        .join(' · ')
    : null;
  const total = body.totalAmount;
  return (
    <div className="officer-review">
      <Part title="Merchant" step="merchant" onEdit={onEdit}>
        <Details
          items={[
            ['Legal name', m.legalName],
            ['Country of registration', country(m.country)],
            ['Trading names', list(m.tradingNames)],
            ['Billing descriptors', list(m.descriptors)],
            ['MCC', m.mcc],
            ['Acquirer', acquirer],
            [
              'Merchant ids',
              list(m.merchantIds?.map((x) => `${x.acquirerId ?? '?'} / ${x.mid ?? '?'}`)),
            ],
            ['Websites', m.websites?.length ? <Lines values={m.websites} /> : null],
            ['Hosting countries', list(m.hostingCountries?.map((c) => country(c) ?? c))],
            ['E-mail addresses', list(m.emails)],
            ['Phone numbers', list(m.phones)],
            ['Registration number', m.registrationNumber],
            ['Tax id', secret(m.taxId, state.merchant.taxIdOnFile)],
            [
              'Principals',
              m.principals?.length ? (
                <Lines
                  values={m.principals.map((p, i) =>
                    [
                      p.name,
                      country(p.countryOfResidence),
                      p.dateOfBirth && `born ${p.dateOfBirth}`,
                      secret(
                        p.nationalId,
                        state.merchant.principals[i]?.nationalIdOnFile ?? null,
                      ) && 'national id given',
                    ]
                      .filter(Boolean)
                      .join(' · '),
                  )}
                />
              ) : null,
            ],
          ]}
        />
      </Part>
      <Part title="Evidence" step="evidence" onEdit={onEdit}>
        {body.observables?.length ? (
          <ul>
            {body.observables.map((o, i) => (
              <li key={i}>
                {observableLabel(o.type)}: <span className="officer-break">{o.value}</span>
                {[
                  o.algorithm && algorithmLabel(o.algorithm),
                  o.event && ipEventLabel(o.event),
                  o.seenAt && `seen ${o.seenAt}`,
                  o.viewedByReporter !== undefined &&
                    (o.viewedByReporter ? 'viewed by you' : 'not viewed by you'),
                  o.publiclyAvailable !== undefined &&
                    (o.publiclyAvailable ? 'publicly available' : 'not publicly available'),
                ]
                  .filter(Boolean)
                  .map((text) => ` · ${String(text)}`)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="officer-none">No observables.</p>
        )}
        <p className="field-hint">
          Documents already added stay with the draft and are filed with it.
        </p>
      </Part>
      <Part title="Transactions" step="transactions" onEdit={onEdit}>
        <Details
          items={[
            [
              'Observed',
              body.observedFrom || body.observedTo
                ? `${body.observedFrom ?? '…'} – ${body.observedTo ?? '…'}`
                : null,
            ],
            [
              'Total amount',
              total?.value ? showAmount(String(total.value), total.currency, locale) : 'Unknown',
            ],
          ]}
        />
        {body.transactions?.length ? (
          <ul>
            {body.transactions.map((t, i) => (
              <li key={i}>
                {[
                  t.date,
                  t.amount ? showAmount(String(t.amount), t.currency, locale) : 'no amount',
                  t.rail && railLabel(t.rail),
                  t.direction && directionLabel(t.direction),
                  t.counterparty,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </li>
            ))}
          </ul>
        ) : (
          <p className="officer-none">No transactions.</p>
        )}
      </Part>
      <Part title="Narrative" step="narrative" onEdit={onEdit}>
        <Details
          items={[
            ['Category', body.category ? categoryLabel(body.category) : null],
            [
              'Red-flag indicators',
              body.indicators?.length ? list(body.indicators.map(indicatorLabel)) : null,
            ],
            ['Priority', body.priority ? priorityLabel(body.priority) : null],
            ['TLP marking', body.tlp ? `TLP:${body.tlp}` : null],
            ['Escalation reason', body.escalationReason],
            [
              'Narrative',
              body.narrative ? <span className="officer-narrative">{body.narrative}</span> : null,
            ],
          ]}
        />
      </Part>
    </div>
  );
}

function Lines({ values }: { values: readonly string[] }) {
  return (
    <ul className="officer-lines">
      {values.map((value, i) => (
        <li key={i} className="officer-break">
          {value}
        </li>
      ))}
    </ul>
  );
}

function Part(props: {
  title: string;
  step: StepId;
  onEdit: (step: StepId) => void;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`review-${props.step}`}>
      <div className="officer-review-head">
        <h3 id={`review-${props.step}`}>{props.title}</h3>
        <button
          type="button"
          className="button button-quiet no-print"
          onClick={() => props.onEdit(props.step)}
        >
          Change<span className="visually-hidden"> {props.title.toLowerCase()}</span>
        </button>
      </div>
      {props.children}
    </section>
  );
}
