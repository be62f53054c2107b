import { SelectField, TextField } from '../form-fields';
import {
  emptyObservable,
  type FormState,
  type ObservableRow,
  type TriState,
} from '../referral-form-model';
import {
  algorithmLabel,
  HASH_ALGORITHMS,
  IP_EVENTS,
  ipEventLabel,
  OBSERVABLE_TYPES,
  observableLabel,
} from '../vocabulary';
import type { ReactNode } from 'react';
import { replaceAt, Rows, Section } from './layout';

/** The evidence step: observables, then the documents (`children`). */
export function ObservablesSection({
  state,
  update,
  children,
}: {
  state: FormState;
  update: (change: Partial<FormState>) => void;
  children: ReactNode;
}) {
  return (
    <Section
      id="evidence"
      title="Evidence"
      intro="What you saw: URLs, domains, addresses, masked cards, file hashes, and documents. Never the content itself."
    >
      <Rows
        title="Observables"
        noun="observable"
        rows={state.observables}
        onAdd={() => update({ observables: [...state.observables, emptyObservable()] })}
        onRemove={(index) =>
          update({ observables: state.observables.filter((_, i) => i !== index) })
        }
        render={(row, i) => (
          <ObservableFields
            row={row}
            index={i}
            onChange={(change) => update({ observables: replaceAt(state.observables, i, change) })}
          />
        )}
      />
      {children}
    </Section>
  );
}

const TRI: [string, string][] = [
  ['yes', 'Yes'],
  ['no', 'No'],
];

function ObservableFields(props: {
  row: ObservableRow;
  index: number;
  onChange: (change: Partial<ObservableRow>) => void;
}) {
  const { row, index: i } = props;
  const n = i + 1;
  return (
    <>
      <div className="inline-fields">
        <SelectField
          path={`observables.${i}.type`}
          label={`Type (observable ${n})`}
          options={OBSERVABLE_TYPES.map((t) => [t, observableLabel(t)])}
          value={row.type}
          onChange={(v) => props.onChange({ type: v })}
        />
        <TextField
          path={`observables.${i}.value`}
          label={`Value (observable ${n})`}
          className="officer-wide"
          spellCheck={false}
          hint={
            row.type === 'card'
              ? 'Masked only: first 6 and last 4 digits, e.g. 411111******1111'
              : row.type === 'file_hash'
                ? 'The hash, never the file'
                : undefined
          }
          value={row.value}
          onChange={(v) => props.onChange({ value: v })}
        />
      </div>
      <div className="inline-fields">
        {row.type === 'file_hash' ? (
          <SelectField
            path={`observables.${i}.algorithm`}
            label={`Algorithm (observable ${n})`}
            placeholder="Choose the algorithm"
            options={HASH_ALGORITHMS.map((a) => [a, algorithmLabel(a)])}
            value={row.algorithm}
            onChange={(v) => props.onChange({ algorithm: v })}
          />
        ) : null}
        {row.type === 'ip' ? (
          <SelectField
            path={`observables.${i}.event`}
            label={`Event (observable ${n})`}
            placeholder="Not said"
            options={IP_EVENTS.map((e) => [e, ipEventLabel(e)])}
            value={row.event}
            onChange={(v) => props.onChange({ event: v })}
          />
        ) : null}
        <TextField
          path={`observables.${i}.seenAt`}
          label={`Seen at, UTC (observable ${n})`}
          type="datetime-local"
          value={row.seenAt}
          onChange={(v) => props.onChange({ seenAt: v })}
        />
        <SelectField
          path={`observables.${i}.viewedByReporter`}
          label={`Viewed by you (observable ${n})`}
          hint="Whether anyone at your company viewed the content"
          placeholder="Not said"
          options={TRI}
          value={row.viewedByReporter}
          onChange={(v) => props.onChange({ viewedByReporter: v as TriState })}
        />
        <SelectField
          path={`observables.${i}.publiclyAvailable`}
          label={`Publicly available (observable ${n})`}
          placeholder="Not said"
          options={TRI}
          value={row.publiclyAvailable}
          onChange={(v) => props.onChange({ publiclyAvailable: v as TriState })}
        />
      </div>
    </>
  );
}
