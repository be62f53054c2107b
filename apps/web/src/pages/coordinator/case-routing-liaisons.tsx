import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { api, unwrap } from '../../api/client';
import { ProblemMessage } from '../../components/ui';

/**
 * The liaisons of one agency a RED or AMBER+STRICT package goes to: only the
 * people ticked here will read the dispatch (the rest of the agency will not
 * see it), so the coordinator names them.
 */
export function NamedLiaisonsPicker(props: {
  agencyId: string;
  agencyName: string;
  tlp: string;
  selected: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  const id = useId();
  const liaisons = useQuery({
    queryKey: ['agency', props.agencyId, 'liaisons'],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/agencies/{id}/liaisons', { params: { path: { id: props.agencyId } } }),
      ),
    staleTime: 60_000,
  });
  const items = liaisons.data?.items ?? [];

  function toggle(liaisonId: string, on: boolean) {
    const rest = props.selected.filter((s) => s !== liaisonId);
    props.onChange(on ? [...rest, liaisonId] : rest);
  }

  return (
    <fieldset className="coordinator-liaisons" aria-describedby={`${id}-hint`}>
      <legend>Named liaisons at {props.agencyName}</legend>
      <p id={`${id}-hint`} className="coordinator-explanation">
        TLP:{props.tlp} goes to named people only: just the liaisons ticked here will see this
        dispatch.
      </p>
      {liaisons.isPending ? <p className="coordinator-muted">Loading the liaisons…</p> : null}
      {liaisons.isError ? <ProblemMessage error={liaisons.error} /> : null}
      {liaisons.isSuccess && items.length === 0 ? (
        <p className="warning">
          This agency has no active liaison: a TLP:{props.tlp} package cannot go to it.
        </p>
      ) : null}
      {items.map((l) => (
        <div key={l.id} className="coordinator-check-row">
          <input
            id={`${id}-${l.id}`}
            type="checkbox"
            checked={props.selected.includes(l.id)}
            onChange={(e) => toggle(l.id, e.target.checked)}
          />
          <label htmlFor={`${id}-${l.id}`}>
            {l.displayName} <span className="coordinator-muted">({l.email})</span>
          </label>
        </div>
      ))}
    </fieldset>
  );
}
