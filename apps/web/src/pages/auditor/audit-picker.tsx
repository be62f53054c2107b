import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';

type Result = Schemas['SearchResultResponse'];
type Kind = Result['kind'];

/** Type at least this much before asking; wait this long after the last key. */
const MIN_TEXT = 2;
const DEBOUNCE_MS = 250;

function useDebounced(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/**
 * A typeahead for the audit filters (WAI-ARIA combobox with a list box): the
 * auditor types a name or a reference, moves through what the hub's search
 * finds with the arrow keys, and Enter (or a click) picks one. Only what an
 * auditor may see is offered: people and organizations by name, references of
 * cases, referrals and dispatches, never their content.
 */
export function AuditPicker(props: {
  label: string;
  hint: string;
  /** Only this kind (people for the actor); all kinds when absent. */
  kind?: Kind;
  onPick: (result: Result) => void;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const term = useDebounced(text.trim());
  const lookup = useQuery({
    queryKey: ['audit-picker', props.kind ?? 'any', term],
    enabled: term.length >= MIN_TEXT,
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/search', {
          params: { query: { q: term, kind: props.kind, limit: 8 } },
        }),
      ),
  });
  const options =
    term.length >= MIN_TEXT ? (lookup.data?.groups.flatMap((g) => g.items) ?? []) : [];
  const expanded = open && options.length > 0;

  const pick = (result: Result) => {
    props.onPick(result);
    setText(result.title);
    setOpen(false);
    setActive(-1);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => (options.length === 0 ? -1 : (i + 1) % options.length));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => (options.length === 0 ? -1 : (i <= 0 ? options.length : i) - 1));
    } else if (e.key === 'Enter' && expanded && active >= 0) {
      e.preventDefault();
      pick(options[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <div className="field audit-picker">
      <label htmlFor={id}>{props.label}</label>
      <p id={hintId} className="field-hint">
        {props.hint}
      </p>
      <input
        id={id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-describedby={hintId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={props.label} hidden={!expanded}>
        {options.map((o, i) => (
          <li
            key={`${o.kind}-${o.id}`}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            // Picked on mouse down, before the input's blur closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(o);
            }}
          >
            <strong>{o.title}</strong> <span>{o.summary}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
