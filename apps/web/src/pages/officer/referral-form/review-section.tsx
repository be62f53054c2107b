import { useContext } from 'react';
import { FieldErrorsContext, fieldId, GroupErrors } from '../form-fields';
import type { FormState } from '../referral-form-model';
import { categoryLabel, priorityLabel, type Priority, type Tlp } from '../vocabulary';
import { Section } from './layout';

export function ReviewSection({
  state,
  update,
  busy,
  onSubmit,
}: {
  state: FormState;
  update: (change: Partial<FormState>) => void;
  busy: 'save' | 'submit' | null;
  onSubmit: () => void;
}) {
  const { errorsFor, touch } = useContext(FieldErrorsContext);
  return (
    <Section id="review" title="6. Review & submit">
      <ReviewSummary state={state} />
      <div
        className={`officer-duty${errorsFor('acknowledgeReportingDuty').length ? ' field-invalid' : ''}`}
      >
        <div className="officer-check">
          <input
            id={fieldId('acknowledgeReportingDuty')}
            type="checkbox"
            checked={state.acknowledgeReportingDuty}
            aria-describedby={
              errorsFor('acknowledgeReportingDuty').length
                ? `${fieldId('acknowledgeReportingDuty')}-error`
                : undefined
            }
            onChange={(e) => {
              touch('acknowledgeReportingDuty');
              update({ acknowledgeReportingDuty: e.target.checked });
            }}
          />
          <label htmlFor={fieldId('acknowledgeReportingDuty')}>
            I acknowledge that a referral does not replace my own legal duty to report (for example
            to a national hotline).
          </label>
        </div>
        <GroupErrors path="acknowledgeReportingDuty" />
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy !== null}
          onClick={onSubmit}
        >
          {busy === 'submit' ? 'Submitting…' : 'Submit referral'}
        </button>
        <span className="field-hint">
          Submitting sends the referral to the coalition; it can then no longer be edited.
        </span>
      </div>
    </Section>
  );
}

function ReviewSummary({ state }: { state: FormState }) {
  const m = state.merchant;
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return (
    <dl className="details officer-review">
      <div>
        <dt>Merchant</dt>
        <dd>
          {m.legalName.trim() || 'No legal name yet'}
          {m.country.trim() ? ` (${m.country.trim().toUpperCase()})` : ''}
        </dd>
      </div>
      <div>
        <dt>Category</dt>
        <dd>{state.category ? categoryLabel(state.category) : 'Not chosen yet'}</dd>
      </div>
      <div>
        <dt>Priority and marking</dt>
        <dd>
          {priorityLabel(state.priority as Priority) ?? state.priority} ·{' '}
          {`TLP:${state.tlp as Tlp}`}
        </dd>
      </div>
      <div>
        <dt>Indicators</dt>
        <dd>{count(state.indicators.length, 'indicator')}</dd>
      </div>
      <div>
        <dt>Observables and transactions</dt>
        <dd>
          {count(state.observables.length, 'observable')},{' '}
          {count(state.transactions.length, 'transaction')}
        </dd>
      </div>
      <div>
        <dt>Narrative</dt>
        <dd>
          {state.narrative.trim() ? `${state.narrative.trim().length} characters` : 'Not written'}
        </dd>
      </div>
    </dl>
  );
}
