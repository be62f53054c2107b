import type { ReactNode } from 'react';

export function replaceAt<T>(rows: T[], index: number, change: Partial<T>): T[] {
  return rows.map((row, i) => (i === index ? { ...row, ...change } : row));
}

/**
 * One step of the form; its heading takes the focus when the step is shown.
 * Deliberately not a named region: its name would be a second element labelled
 * like the step's main field ("Narrative").
 */
export function Section(props: { id: string; title: string; intro?: string; children: ReactNode }) {
  return (
    <section id={`step-${props.id}`} className="panel officer-section">
      <h2 id="step-title" tabIndex={-1}>
        {props.title}
      </h2>
      {props.intro ? <p className="field-hint">{props.intro}</p> : null}
      {props.children}
    </section>
  );
}

/** A repeatable group (observables, transactions, merchant ids, principals). */
export function Rows<T extends { key: number }>(props: {
  title: string;
  noun: string;
  hint?: string;
  headingless?: boolean;
  rows: T[];
  onAdd: () => void;
  onRemove: (index: number) => void;
  render: (row: T, index: number) => ReactNode;
}) {
  const capital = props.noun.charAt(0).toUpperCase() + props.noun.slice(1);
  return (
    <div className="officer-rows">
      {props.headingless ? null : <h3>{props.title}</h3>}
      {props.hint ? <p className="field-hint">{props.hint}</p> : null}
      {props.rows.length === 0 ? <p className="officer-none">None added.</p> : null}
      {props.rows.map((row, i) => (
        <fieldset key={row.key} className="officer-row">
          <legend>
            {capital} {i + 1}
          </legend>
          {props.render(row, i)}
          <button
            type="button"
            className="button button-quiet officer-remove"
            onClick={() => props.onRemove(i)}
          >
            Remove {props.noun} {i + 1}
          </button>
        </fieldset>
      ))}
      <button type="button" className="button" onClick={props.onAdd}>
        Add {/^[aeiou]/.test(props.noun) ? 'an' : 'a'} {props.noun}
      </button>
    </div>
  );
}
