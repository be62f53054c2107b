import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../components/format';
import { SECTIONS } from '../referral-form-problems';

/** The list of sections beside the form, each with how many of its fields need fixing. */
export function FormIndex({ perSection }: { perSection: ReadonlyMap<string, number> }) {
  return (
    <nav className="officer-form-index no-print" aria-label="Form sections">
      <ol>
        {SECTIONS.map(([sectionId, name]) => {
          const count = perSection.get(sectionId) ?? 0;
          return (
            <li key={sectionId}>
              <a href={`#section-${sectionId}`}>
                {name}
                {count > 0 ? (
                  <span className="officer-count">
                    {' '}
                    ({count} to fix<span className="visually-hidden"> in {name}</span>)
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** The bar under the form: save, what is saved, and the way out. */
export function SaveBar(props: {
  id: string | undefined;
  busy: 'save' | 'submit' | null;
  dirty: boolean;
  savedAt: string | null;
  justSaved: boolean;
}) {
  const { id, busy, dirty, savedAt, justSaved } = props;
  return (
    <div className="officer-savebar no-print">
      <button type="submit" className="button" disabled={busy !== null}>
        {busy === 'save' ? 'Saving…' : 'Save draft'}
      </button>
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
