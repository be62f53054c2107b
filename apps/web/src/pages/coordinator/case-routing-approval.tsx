import { useState } from 'react';
import { useUser } from '../../auth/session';
import { ConfirmDialog } from '../../components/confirm-dialog';
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
  const [confirming, setConfirming] = useState(false);
  const agencies = c.routing.plan?.agencies.length ?? 0;
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
          onClick={() => setConfirming(true)}
        >
          Approve
        </button>
        <span className="coordinator-muted">
          Creates one dispatch per agency and sends the packages.
        </span>
      </div>
      <CommandFeedback notice={null} error={approve.error} />
      <ConfirmDialog
        open={confirming}
        title={`Approve the routing of ${c.reference}?`}
        confirm="Approve and send"
        cancel="Not yet"
        busy={approve.isPending}
        onConfirm={() => {
          setConfirming(false);
          approve.mutate(undefined);
        }}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {agencies === 1 ? 'One dispatch is' : `${agencies} dispatches are`} created and sent
          marked TLP:{c.routing.plan?.tlp}, and the case’s undecided referrals are accepted. A
          package sent to an agency cannot be recalled: this cannot be undone.
        </p>
      </ConfirmDialog>
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
