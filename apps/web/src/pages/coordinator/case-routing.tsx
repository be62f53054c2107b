import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { can, useUser } from '../../auth/session';
import { formatDateTime, label } from '../../components/format';
import { Badge, Details, Loading, ProblemMessage } from '../../components/ui';
import { TextArea, SelectInput } from '../../components/controls';
import {
  CommandFeedback,
  caseKeys,
  fieldErrors,
  useCaseCommand,
  type CaseDetail,
} from './case-command';
import { TLP_AUDIENCE, TLP_MARKINGS, type Tlp } from '../../components/tlp';

type Suggestion = Schemas['RoutingSuggestionResponse'];
type Jurisdiction = Suggestion['jurisdictions'][number];

const SOURCE_WORDS: Record<string, string> = {
  merchant_country: 'merchant country',
  acquirer_country: 'acquirer country',
  hosting_country: 'hosting country',
  principal_residence: 'principal residence',
  fallback: 'fallback channel',
  coordinator_choice: 'coordinator’s choice',
};

/** The marking at least as strict as every referral's: a package never loosens a filer's marking. */
function strictestTlp(c: CaseDetail): Tlp {
  let index = -1;
  for (const r of c.referrals) index = Math.max(index, TLP_MARKINGS.indexOf(r.tlp as Tlp));
  return index >= 0 ? TLP_MARKINGS[index] : 'AMBER+STRICT';
}

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
    (body: { agencyIds: string[]; tlp: Tlp; rationale: string }) =>
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

function useRoutingSuggestion(caseId: string) {
  return useQuery({
    queryKey: caseKeys.routing(caseId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/cases/{id}/routing-suggestion', { params: { path: { id: caseId } } }),
      ),
  });
}

/** The suggestion, read-only (before the case is claimed, or for a reader). */
function SuggestionPreview({ caseId }: { caseId: string }) {
  const suggestion = useRoutingSuggestion(caseId);
  if (suggestion.isPending) return <Loading what="Loading the routing suggestion" />;
  if (suggestion.isError) return <ProblemMessage error={suggestion.error} />;
  const { candidates, jurisdictions } = suggestion.data;
  return (
    <>
      {candidates.length === 0 ? (
        <p>No agency is suggested: no jurisdiction of this merchant is covered.</p>
      ) : (
        <ul className="coordinator-checklist">
          {candidates.map((a) => (
            <li key={a.agencyId}>
              <strong>{a.agencyName}</strong>{' '}
              {a.fallback ? <Badge value="pending" text="Fallback" /> : null}
              <BasisLine basis={a.basis} />
              <p className="coordinator-explanation">{a.explanation}</p>
            </li>
          ))}
        </ul>
      )}
      <JurisdictionsTable jurisdictions={jurisdictions} />
    </>
  );
}

interface ChecklistItem {
  agencyId: string;
  agencyName: string;
  basis: { jurisdiction: string | null; sources: string[] }[];
  explanation: string;
  fallback: boolean;
}

type ProposeCommand = ReturnType<
  typeof useCaseCommand<{ agencyIds: string[]; tlp: Tlp; rationale: string }, CaseDetail>
>;

function ProposeRouting({ c, command }: { c: CaseDetail; command: ProposeCommand }) {
  const suggestion = useRoutingSuggestion(c.id);
  if (suggestion.isPending) return <Loading what="Loading the routing suggestion" />;
  if (suggestion.isError) return <ProblemMessage error={suggestion.error} />;
  return <RoutingForm c={c} suggestion={suggestion.data} command={command} />;
}

/**
 * The suggestion as a checklist of agencies, pre-ticked (or, after a send-back,
 * ticked as last proposed); the coordinator can untick one or add another
 * agency, then proposes with a TLP and a rationale.
 */
function RoutingForm(props: { c: CaseDetail; suggestion: Suggestion; command: ProposeCommand }) {
  const { c, suggestion, command } = props;
  const plan = c.routing.plan;
  const [items, setItems] = useState<ChecklistItem[]>(() => {
    const list: ChecklistItem[] = suggestion.candidates.map((a) => ({
      agencyId: a.agencyId,
      agencyName: a.agencyName,
      basis: a.basis,
      explanation: a.explanation,
      fallback: a.fallback,
    }));
    for (const p of plan?.agencies ?? []) {
      if (list.some((i) => i.agencyId === p.agencyId)) continue;
      list.push({
        agencyId: p.agencyId,
        agencyName: p.agencyName,
        basis: p.basis,
        explanation: p.basis.map((b) => b.explanation).join('; ') || 'Chosen by the coordinator.',
        fallback: false,
      });
    }
    return list;
  });
  const [ticked, setTicked] = useState<Set<string>>(
    () =>
      new Set(
        plan ? plan.agencies.map((a) => a.agencyId) : suggestion.candidates.map((a) => a.agencyId),
      ),
  );
  const [tlp, setTlp] = useState<Tlp>(() => plan?.tlp ?? strictestTlp(c));
  const [rationale, setRationale] = useState(plan?.rationale ?? '');
  const [adding, setAdding] = useState('');
  const agencies = useQuery({
    queryKey: ['agencies', 'active'],
    queryFn: () => unwrap(api.GET('/api/v1/agencies', { params: { query: { active: true } } })),
    staleTime: 5 * 60_000,
  });
  const addable = (agencies.data?.items ?? []).filter(
    (a) => a.active && !items.some((i) => i.agencyId === a.id),
  );
  const legendId = useId();

  function toggle(agencyId: string, on: boolean) {
    const next = new Set(ticked);
    if (on) next.add(agencyId);
    else next.delete(agencyId);
    setTicked(next);
  }

  function add() {
    const agency = addable.find((a) => a.id === adding);
    if (!agency) return;
    setItems([
      ...items,
      {
        agencyId: agency.id,
        agencyName: agency.name,
        basis: [],
        explanation: `Chosen by the coordinator${agency.coverage.length ? `; covers ${agency.coverage.join(', ')}` : ''}.`,
        fallback: agency.isFallback,
      },
    ]);
    toggle(agency.id, true);
    setAdding('');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    command.mutate({
      agencyIds: items.filter((i) => ticked.has(i.agencyId)).map((i) => i.agencyId),
      tlp,
      rationale,
    });
  }

  const agencyErrors =
    command.error instanceof ApiError
      ? (command.error.problem.errors ?? [])
          .filter((e) => e.field.startsWith('agencyIds'))
          .flatMap((e) => e.messages)
      : [];

  return (
    <form noValidate onSubmit={submit}>
      {c.statusReason && plan ? (
        <p className="warning">
          <strong>Sent back:</strong> {c.statusReason}
        </p>
      ) : null}
      <fieldset aria-describedby={agencyErrors.length ? `${legendId}-error` : undefined}>
        <legend id={legendId}>Agencies to route to</legend>
        {items.length === 0 ? (
          <p>
            No agency is suggested: no jurisdiction of this merchant is covered. Add an agency
            below.
          </p>
        ) : (
          <ul className="coordinator-checklist">
            {items.map((item) => (
              <ChecklistRow
                key={item.agencyId}
                item={item}
                checked={ticked.has(item.agencyId)}
                onChange={(on) => toggle(item.agencyId, on)}
              />
            ))}
          </ul>
        )}
        {agencyErrors.length ? (
          <p id={`${legendId}-error`} className="field-error">
            {agencyErrors.join(' ')}
          </p>
        ) : null}
        <div className="inline-fields coordinator-add">
          <SelectInput
            label="Add another agency"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            disabled={addable.length === 0}
          >
            <option value="">
              {agencies.isPending
                ? 'Loading agencies…'
                : addable.length
                  ? 'Choose an agency…'
                  : 'No other active agency'}
            </option>
            {addable.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
                {a.coverage.length ? ` (${a.coverage.join(', ')})` : ''}
                {a.isFallback ? ' · fallback' : ''}
              </option>
            ))}
          </SelectInput>
          <div className="coordinator-add-button">
            <button type="button" className="button" onClick={add} disabled={adding === ''}>
              Add agency
            </button>
          </div>
        </div>
        {agencies.isError ? <ProblemMessage error={agencies.error} /> : null}
      </fieldset>

      <JurisdictionsTable jurisdictions={suggestion.jurisdictions} />

      <div className="inline-fields">
        <SelectInput
          label="TLP"
          hint="Marking of the package the agencies receive. Pre-set to the strictest marking among the referrals."
          required
          errors={fieldErrors(command.error, 'tlp')}
          value={tlp}
          onChange={(e) => setTlp(e.target.value as Tlp)}
        >
          {TLP_MARKINGS.map((t) => (
            <option key={t} value={t}>
              {t} — {TLP_AUDIENCE[t]}
            </option>
          ))}
        </SelectInput>
      </div>
      <TextArea
        label="Rationale"
        hint="Why these agencies: the lead reads it before approving, and it travels with the package."
        required
        errors={fieldErrors(command.error, 'rationale')}
        rows={3}
        value={rationale}
        onChange={(e) => setRationale(e.target.value)}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={command.isPending}>
          Propose for approval
        </button>
        <span className="coordinator-muted">
          {ticked.size === 1 ? 'One agency ticked' : `${ticked.size} agencies ticked`}
        </span>
      </div>
      <CommandFeedback notice={null} error={command.error} />
    </form>
  );
}

function ChecklistRow(props: {
  item: ChecklistItem;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  const id = useId();
  const { item } = props;
  return (
    <li>
      <div className="coordinator-check-row">
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          onChange={(e) => props.onChange(e.target.checked)}
          aria-describedby={`${id}-why`}
        />
        <label htmlFor={id}>{item.agencyName}</label>
        {item.fallback ? <Badge value="pending" text="Fallback" /> : null}
      </div>
      <BasisLine basis={item.basis} />
      <p id={`${id}-why`} className="coordinator-explanation">
        {item.explanation}
      </p>
    </li>
  );
}

function BasisLine({ basis }: { basis: { jurisdiction: string | null; sources: string[] }[] }) {
  if (basis.length === 0) return null;
  return (
    <p className="coordinator-basis">
      {basis.map((b, i) => (
        <span key={`${b.jurisdiction ?? '-'}-${i}`}>
          {b.jurisdiction ? <strong className="mono">{b.jurisdiction}</strong> : null}{' '}
          {b.sources.map((s) => SOURCE_WORDS[s] ?? label(s)).join(', ')}
        </span>
      ))}
    </p>
  );
}

const CRITERIA: [keyof NonNullable<Jurisdiction['criteria']>, string][] = [
  ['csamSpecificLaw', 'CSAM-specific law'],
  ['csamDefined', 'CSAM defined'],
  ['technologyFacilitatedOffences', 'Technology-facilitated offences'],
  ['simplePossessionCriminalised', 'Simple possession criminalised'],
  ['ispReportingRequired', 'ISP reporting required'],
];

/** The jurisdictions the engine considered, with their recorded criteria (shown, never used to exclude). */
function JurisdictionsTable({ jurisdictions }: { jurisdictions: Jurisdiction[] }) {
  if (jurisdictions.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="data coordinator-jurisdictions">
        <caption>Jurisdictions considered</caption>
        <thead>
          <tr>
            <th scope="col">Jurisdiction</th>
            <th scope="col">Reached through</th>
            <th scope="col">Recorded criteria</th>
            <th scope="col">Explanation</th>
          </tr>
        </thead>
        <tbody>
          {jurisdictions.map((j) => (
            <tr key={j.code}>
              <td>
                <strong className="mono">{j.code}</strong> {j.name ?? ''}
                {j.recorded ? null : <div className="coordinator-muted">Not recorded</div>}
              </td>
              <td>{j.sources.map((s) => SOURCE_WORDS[s] ?? label(s)).join(', ')}</td>
              <td className="coordinator-small-text">
                {j.criteria ? (
                  <ul className="coordinator-inline-list">
                    {CRITERIA.map(([key, words]) => (
                      <li key={key}>
                        {words}: {label(j.criteria?.[key])}
                      </li>
                    ))}
                    <li>
                      National hotline: {j.hotline === null ? 'Unknown' : j.hotline ? 'Yes' : 'No'}
                    </li>
                  </ul>
                ) : (
                  'None recorded'
                )}
              </td>
              <td>{j.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The routing as proposed (and, once approved, as approved). */
function PlanView({ c }: { c: CaseDetail }) {
  const { plan, proposedBy, proposedAt, approvedBy, approvedAt } = c.routing;
  if (!plan) return <p className="coordinator-muted">No routing has been proposed.</p>;
  return (
    <>
      <Details
        items={[
          ['TLP', <span className="mono">{plan.tlp}</span>],
          [
            'Proposed by',
            proposedBy ? `${proposedBy.displayName}, ${formatDateTime(proposedAt)}` : null,
          ],
          [
            'Approved by',
            approvedBy ? `${approvedBy.displayName}, ${formatDateTime(approvedAt)}` : 'Not yet',
          ],
        ]}
      />
      <h3>Rationale</h3>
      <p className="coordinator-text">{plan.rationale}</p>
      <table className="data">
        <caption className="visually-hidden">Agencies in the proposed routing</caption>
        <thead>
          <tr>
            <th scope="col">Agency</th>
            <th scope="col">Basis</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {plan.agencies.map((a) => (
            <tr key={a.agencyId}>
              <td>{a.agencyName}</td>
              <td>
                <BasisLine basis={a.basis} />
              </td>
              <td>{a.basis.map((b) => b.explanation).join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

type ApproveCommand = ReturnType<typeof useCaseCommand<undefined, CaseDetail>>;
type SendBackCommand = ReturnType<typeof useCaseCommand<string, CaseDetail>>;

/** The lead's decision: approve (never their own proposal) or send back with a comment. */
function ApprovalPanel(props: {
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
