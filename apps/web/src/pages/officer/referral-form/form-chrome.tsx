import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../components/format';
import { STEPS, type StepId } from '../referral-form-problems';

/**
 * The steps of the form as an ordered list, the current one marked
 * (aria-current="step"), each with how many of its fields need fixing. Every
 * step can be opened from here once the draft is saved; going forward checks
 * the steps left behind, as Next does.
 */
export function StepProgress(props: {
  step: StepId;
  perStep: ReadonlyMap<string, number>;
  canOpen: boolean;
  onOpen: (step: StepId) => void;
}) {
  return (
    <nav className="officer-steps no-print" aria-label="Steps of the referral">
      <ol>
        {STEPS.map(({ id, title }, i) => {
          const count = props.perStep.get(id) ?? 0;
          const current = id === props.step;
          const name = (
            <>
              <span className="officer-step-number">{i + 1}</span> {title}
              {count > 0 ? (
                <span className="officer-count">
                  {' '}
                  ({count} to fix<span className="visually-hidden"> in {title}</span>)
                </span>
              ) : null}
            </>
          );
          return (
            <li
              key={id}
              aria-current={current ? 'step' : undefined}
              className={current ? 'officer-step-current' : undefined}
            >
              {current || !props.canOpen ? (
                <span>{name}</span>
              ) : (
                <button
                  type="button"
                  className="officer-step-link"
                  onClick={() => props.onOpen(id)}
                >
                  {name}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** The bar under each step: back, save, next, and what is saved. */
export function StepBar(props: {
  id: string | undefined;
  step: StepId;
  busy: 'save' | 'submit' | 'next' | null;
  dirty: boolean;
  savedAt: string | null;
  justSaved: boolean;
  onBack: () => void;
  onNext: () => void;
}) {
  const { id, step, busy, dirty, savedAt, justSaved } = props;
  const at = STEPS.findIndex((s) => s.id === step);
  const previous = STEPS[at - 1];
  const next = STEPS[at + 1];
  return (
    <div className="officer-savebar no-print">
      {previous ? (
        <button type="button" className="button" disabled={busy !== null} onClick={props.onBack}>
          Back<span className="visually-hidden"> to {previous.title}</span>
        </button>
      ) : null}
      <button type="submit" className="button" disabled={busy !== null}>
        {busy === 'save' ? 'Saving…' : 'Save draft'}
      </button>
      {next ? (
        <button
          type="button"
          className="button button-primary"
          disabled={busy !== null}
          onClick={props.onNext}
        >
          {busy === 'next' ? 'Checking…' : `Next: ${next.title}`}
        </button>
      ) : null}
      <span className="officer-save-state" role="status">
        {dirty
          ? savedAt
            ? `Unsaved changes (last saved ${formatDateTime(savedAt)})`
            : 'Not saved yet'
          : savedAt
            ? `Draft saved at ${formatDateTime(savedAt)}`
            : 'Nothing entered yet'}
      </span>
      {justSaved && !dirty ? <span className="visually-hidden">Saved.</span> : null}
      <Link to={id ? `/referrals/${id}` : '/referrals'} className="officer-savebar-link">
        {id ? 'View the referral' : 'Back to referrals'}
      </Link>
    </div>
  );
}
