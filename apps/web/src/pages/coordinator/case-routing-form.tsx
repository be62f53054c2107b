import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { ApiError } from '../../api/problem';
import { Badge, Loading, ProblemMessage } from '../../components/ui';
import { TextArea, SelectInput } from '../../components/controls';
import { CommandFeedback, fieldErrors, type useCaseCommand, type CaseDetail } from './case-command';
import { isRestrictedTlp, TLP_AUDIENCE, TLP_MARKINGS, type Tlp } from '../../components/tlp';
import { NamedLiaisonsPicker } from './case-routing-liaisons';
import { BasisLine, JurisdictionsTable, useRoutingSuggestion } from './case-routing-views';

type Suggestion = Schemas['RoutingSuggestionResponse'];

/** Referral statuses the approval accepts: the referrals the package carries. */
const ROUTED_STATUSES = ['in_review', 'info_requested'];

/**
 * The strictest marking of the referrals the package carries: a package never
 * loosens a filer's marking unless a lead approves a downgrade with a reason.
 */
function strictestTlp(c: CaseDetail): Tlp {
  let index = -1;
  for (const r of c.referrals) {
    if (ROUTED_STATUSES.includes(r.status)) index = Math.max(index, TLP_MARKINGS.indexOf(r.tlp));
  }
  return index >= 0 ? TLP_MARKINGS[index] : 'AMBER+STRICT';
}

/** Permissible Actions Protocol choices, least to most restrictive, in a few words. */
const PAP_CHOICES: readonly [Pap, string][] = [
  ['CLEAR', 'any action'],
  ['GREEN', 'active actions such as blocking'],
  ['AMBER', 'passive checks only'],
  ['RED', 'nothing the merchant could notice'],
];

interface ChecklistItem {
  agencyId: string;
  agencyName: string;
  basis: { jurisdiction: string | null; sources: string[] }[];
  explanation: string;
  fallback: boolean;
}

type ProposeBody = Schemas['ProposeRoutingDto'];
type ProposeCommand = ReturnType<typeof useCaseCommand<ProposeBody, CaseDetail>>;
type Pap = NonNullable<ProposeBody['pap']>;

export function ProposeRouting({ c, command }: { c: CaseDetail; command: ProposeCommand }) {
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
  const floor = strictestTlp(c);
  const [tlp, setTlp] = useState<Tlp>(() => plan?.tlp ?? floor);
  const [downgradeReason, setDowngradeReason] = useState(plan?.tlpDowngrade?.reason ?? '');
  const [pap, setPap] = useState<Pap>(() => plan?.pap ?? 'AMBER');
  const [rationale, setRationale] = useState(plan?.rationale ?? '');
  const [named, setNamed] = useState<Record<string, string[]>>(() =>
    Object.fromEntries((plan?.agencies ?? []).map((a) => [a.agencyId, a.liaisonIds])),
  );
  const restricted = isRestrictedTlp(tlp);
  const downgrading = TLP_MARKINGS.indexOf(tlp) < TLP_MARKINGS.indexOf(floor);
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
    const agencyIds = items.filter((i) => ticked.has(i.agencyId)).map((i) => i.agencyId);
    command.mutate({
      agencyIds,
      tlp,
      ...(restricted
        ? {
            namedLiaisons: agencyIds.map((agencyId) => ({
              agencyId,
              liaisonIds: named[agencyId] ?? [],
            })),
          }
        : {}),
      ...(downgrading ? { tlpDowngradeReason: downgradeReason } : {}),
      pap,
      rationale,
    });
  }

  const agencyErrors =
    command.error instanceof ApiError
      ? (command.error.problem.errors ?? [])
          .filter((e) => e.field.startsWith('agencyIds') || e.field.startsWith('namedLiaisons'))
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
              >
                {restricted && ticked.has(item.agencyId) ? (
                  <NamedLiaisonsPicker
                    agencyId={item.agencyId}
                    agencyName={item.agencyName}
                    tlp={tlp}
                    selected={named[item.agencyId] ?? []}
                    onChange={(ids) => setNamed({ ...named, [item.agencyId]: ids })}
                  />
                ) : null}
              </ChecklistRow>
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
        <SelectInput
          label="PAP"
          hint="What the agencies may do with the package (Permissible Actions Protocol)."
          required
          errors={fieldErrors(command.error, 'pap')}
          value={pap}
          onChange={(e) => setPap(e.target.value as Pap)}
        >
          {PAP_CHOICES.map(([value, text]) => (
            <option key={value} value={value}>
              {value} — {text}
            </option>
          ))}
        </SelectInput>
      </div>
      {downgrading ? (
        <TextArea
          label={`Why ${tlp} rather than ${floor}`}
          hint={`A referral of this case is marked ${floor}. A weaker marking lets the agencies share more than the filer allowed: the lead approves it with the plan, and the reason is kept in the audit trail.`}
          required
          errors={fieldErrors(command.error, 'tlpDowngradeReason')}
          rows={2}
          value={downgradeReason}
          onChange={(e) => setDowngradeReason(e.target.value)}
        />
      ) : null}
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
  children?: ReactNode;
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
      {props.children}
    </li>
  );
}
