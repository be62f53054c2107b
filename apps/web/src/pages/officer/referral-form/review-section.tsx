import { useContext } from 'react';
import { FieldErrorsContext, fieldId, GroupErrors } from '../form-fields';
import type { FormState, ReferralBody } from '../referral-form-model';
import type { StepId } from '../referral-form-problems';
import { Section } from './layout';
import { ReviewSummary } from './review-summary';

/** The last step: what will be submitted, the acknowledgement, and the submit button. */
export function ReviewSection({
  body,
  state,
  update,
  busy,
  onEdit,
  onSubmit,
}: {
  body: ReferralBody;
  state: FormState;
  update: (change: Partial<FormState>) => void;
  busy: 'save' | 'submit' | null;
  onEdit: (step: StepId) => void;
  onSubmit: () => void;
}) {
  const { errorsFor, touch } = useContext(FieldErrorsContext);
  return (
    <Section
      id="review"
      title="Review and submit"
      intro="This is exactly what will be submitted, as it will be stored. Change any part before submitting."
    >
      <ReviewSummary body={body} state={state} onEdit={onEdit} />
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
