import { useState } from 'react';
import { useUser } from '../../auth/session';
import { TextArea } from '../../components/controls';
import { CommandFeedback, fieldErrors, type useCaseCommand, type CaseDetail } from './case-command';
import { PackagePreview } from './case-package-preview';

type ApproveCommand = ReturnType<typeof useCaseCommand<undefined, CaseDetail>>;
type SendBackCommand = ReturnType<typeof useCaseCommand<string, CaseDetail>>;

/** The lead's decision: approve (never their own proposal) or send back with a comment. */
export function ApprovalPanel(props: {
  c: CaseDetail;
  approve: ApproveCommand;
  sendBack: SendBackCommand;
}) {
  const user = useUser();
  const { c, approve, sendBack } = props;
  const [comment, setComment] = useState('');
  const own = c.routing.proposedBy?.id === user.id;
  return (
    <div className="coordinator-approval" role="group" aria-labelledby="approval-title">
      <h3 id="approval-title">Your decision</h3>
      <PackagePreview caseId={c.id} />
      {own ? (
        <p className="warning">You proposed this routing: another lead must approve it.</p>
      ) : null}
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={approve.isPending}
          onClick={() => approve.mutate(undefined)}
        >
          Approve
        </button>
        <span className="coordinator-muted">
          Creates one dispatch per agency and sends the packages.
        </span>
      </div>
      <CommandFeedback notice={null} error={approve.error} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          sendBack.mutate(comment, { onSuccess: () => setComment('') });
        }}
      >
        <TextArea
          label="Comment for the coordinator"
          hint="Required to send the proposal back to review."
          required
          errors={fieldErrors(sendBack.error, 'comment')}
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
        <div className="form-actions">
          <button type="submit" className="button" disabled={sendBack.isPending}>
            Send back
          </button>
        </div>
        <CommandFeedback notice={null} error={sendBack.error} />
      </form>
    </div>
  );
}
