import { api, unwrap, type Schemas } from '../../api/client';
import { can, useUser } from '../../auth/session';
import { label } from '../../components/format';
import { CommandFeedback, useCaseCommand, type CaseDetail } from './case-command';
import { ApprovalPanel } from './case-routing-approval';
import { ProposeRouting } from './case-routing-form';
import { PlanView, SuggestionPreview } from './case-routing-views';

/**
 * Routing: in review, the suggestion as an editable checklist and the proposal
 * form; awaiting approval, the proposal and (for a lead) Approve / Send back;
 * afterwards, the approved plan. The commands live here, so their notice
 * survives the status change they cause.
 */
export function RoutingSection({ c }: { c: CaseDetail }) {
  const user = useUser();
  const canWrite = can(user, 'cases.write');
  const lead = user.role === 'lead_coordinator';

  const propose = useCaseCommand(
    c.id,
    (body: Schemas['ProposeRoutingDto']) =>
      unwrap(api.POST('/api/v1/cases/{id}/propose', { params: { path: { id: c.id } }, body })),
    (_r, body) =>
      `Routing to ${body.agencyIds.length === 1 ? 'one agency' : `${body.agencyIds.length} agencies`} proposed; the case awaits a lead’s approval.`,
  );
  const approve = useCaseCommand(
    c.id,
    (_: undefined) =>
      unwrap(api.POST('/api/v1/cases/{id}/approve', { params: { path: { id: c.id } } })),
    (r) => {
      const round = Math.max(0, ...r.dispatches.map((d) => d.routingRound));
      const created = r.dispatches.filter((d) => d.routingRound === round).length;
      return `Routing approved: ${created === 1 ? 'one dispatch' : `${created} dispatches`} created; the case is ${label(r.status).toLowerCase()}.`;
    },
  );
  const sendBack = useCaseCommand(
    c.id,
    (comment: string) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/send-back', {
          params: { path: { id: c.id } },
          body: { comment },
        }),
      ),
    () => 'Sent back to review with your comment.',
  );

  let body;
  switch (c.status) {
    case 'triage':
      body = (
        <>
          <p className="coordinator-muted">
            Claim the case (Assign to me) to propose its routing. What the hub suggests:
          </p>
          <SuggestionPreview caseId={c.id} />
        </>
      );
      break;
    case 'in_review':
      body = canWrite ? (
        <ProposeRouting c={c} command={propose} />
      ) : (
        <SuggestionPreview caseId={c.id} />
      );
      break;
    case 'pending_approval':
      body = (
        <>
          <PlanView c={c} />
          {lead && canWrite ? (
            <ApprovalPanel c={c} approve={approve} sendBack={sendBack} />
          ) : (
            <p className="coordinator-muted">Awaiting a lead coordinator’s approval.</p>
          )}
        </>
      );
      break;
    default:
      body = c.routing.plan ? (
        <PlanView c={c} />
      ) : (
        <p className="coordinator-muted">This case was not routed.</p>
      );
  }

  return (
    <section className="panel" aria-labelledby="routing-title">
      <h2 id="routing-title">Routing</h2>
      <CommandFeedback notice={propose.notice} error={null} />
      <CommandFeedback notice={approve.notice} error={null} />
      <CommandFeedback notice={sendBack.notice} error={null} />
      {body}
    </section>
  );
}
