import { SelectField, TextField } from '../form-fields';
import { emptyTransaction, type FormState, type TransactionRow } from '../referral-form-model';
import { directionLabel, DIRECTIONS, railLabel, RAILS } from '../vocabulary';
import { replaceAt, Rows, Section } from './layout';

export function TransactionsSection({
  state,
  update,
}: {
  state: FormState;
  update: (change: Partial<FormState>) => void;
}) {
  return (
    <Section id="transactions" title="Transactions">
      <div className="inline-fields">
        <TextField
          path="observedFrom"
          label="Observed from"
          type="date"
          value={state.observedFrom}
          onChange={(v) => update({ observedFrom: v })}
        />
        <TextField
          path="observedTo"
          label="Observed to"
          type="date"
          value={state.observedTo}
          onChange={(v) => update({ observedTo: v })}
        />
        <TextField
          path="totalAmount.value"
          label="Total amount"
          hint="Leave empty if unknown; e.g. 1,200.50 or 1200.5"
          inputMode="decimal"
          value={state.totalValue}
          onChange={(v) => update({ totalValue: v })}
        />
        <TextField
          path="totalAmount.currency"
          label="Total currency"
          hint="ISO code, e.g. EUR"
          maxWidth="8rem"
          value={state.totalCurrency}
          onChange={(v) => update({ totalCurrency: v })}
        />
      </div>

      <Rows
        title="Transactions"
        noun="transaction"
        rows={state.transactions}
        onAdd={() => update({ transactions: [...state.transactions, emptyTransaction()] })}
        onRemove={(index) =>
          update({ transactions: state.transactions.filter((_, i) => i !== index) })
        }
        render={(row, i) => (
          <TransactionFields
            row={row}
            index={i}
            onChange={(change) =>
              update({ transactions: replaceAt(state.transactions, i, change) })
            }
          />
        )}
      />
    </Section>
  );
}

function TransactionFields(props: {
  row: TransactionRow;
  index: number;
  onChange: (change: Partial<TransactionRow>) => void;
}) {
  const { row, index: i } = props;
  const n = i + 1;
  return (
    <div className="inline-fields">
      <TextField
        path={`transactions.${i}.date`}
        label={`Date (transaction ${n})`}
        type="date"
        value={row.date}
        onChange={(v) => props.onChange({ date: v })}
      />
      <TextField
        path={`transactions.${i}.amount`}
        label={`Amount (transaction ${n})`}
        hint="e.g. 1,200.50"
        inputMode="decimal"
        value={row.amount}
        onChange={(v) => props.onChange({ amount: v })}
      />
      <TextField
        path={`transactions.${i}.currency`}
        label={`Currency (transaction ${n})`}
        maxWidth="8rem"
        value={row.currency}
        onChange={(v) => props.onChange({ currency: v })}
      />
      <SelectField
        path={`transactions.${i}.rail`}
        label={`Rail (transaction ${n})`}
        options={RAILS.map((r) => [r, railLabel(r)])}
        value={row.rail}
        onChange={(v) => props.onChange({ rail: v })}
      />
      <SelectField
        path={`transactions.${i}.direction`}
        label={`Direction (transaction ${n})`}
        placeholder="Choose"
        options={DIRECTIONS.map((d) => [d, directionLabel(d)])}
        value={row.direction}
        onChange={(v) => props.onChange({ direction: v })}
      />
      <TextField
        path={`transactions.${i}.counterparty`}
        label={`Counterparty (transaction ${n})`}
        hint="Descriptor as it appears"
        value={row.counterparty}
        onChange={(v) => props.onChange({ counterparty: v })}
      />
    </div>
  );
}
