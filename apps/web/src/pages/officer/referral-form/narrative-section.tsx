import { useContext } from 'react';
import {
  FieldErrorsContext,
  fieldId,
  GroupErrors,
  SelectField,
  TextAreaField,
} from '../form-fields';
import type { FormState } from '../referral-form-model';
import {
  categoryLabel,
  CATEGORIES,
  INDICATOR_TEXT,
  INDICATORS,
  PRIORITIES,
  priorityLabel,
  TLPS,
  tlpLabel,
} from '../vocabulary';
import { Section } from './layout';

/** The narrative step: category, priority, marking, indicators and the narrative. */
export function NarrativeSection({
  state,
  update,
}: {
  state: FormState;
  update: (change: Partial<FormState>) => void;
}) {
  const { errorsFor, touch } = useContext(FieldErrorsContext);
  return (
    <Section id="narrative" title="Narrative">
      <div className="inline-fields">
        <SelectField
          path="category"
          label="Category"
          required
          placeholder="Choose a category"
          options={CATEGORIES.map((c) => [c, categoryLabel(c)])}
          value={state.category}
          onChange={(v) => update({ category: v })}
        />
        <SelectField
          path="priority"
          label="Priority"
          options={PRIORITIES.map((p) => [p, priorityLabel(p)])}
          value={state.priority}
          onChange={(v) => update({ priority: v })}
        />
        <SelectField
          path="tlp"
          label="TLP marking"
          options={TLPS.map((t) => [t, tlpLabel(t)])}
          value={state.tlp}
          onChange={(v) => update({ tlp: v })}
        />
      </div>
      {state.priority === 'P1' ? (
        <TextAreaField
          path="escalationReason"
          label="Escalation reason"
          hint="Why this referral is the most urgent (required for P1)."
          required
          rows={2}
          value={state.escalationReason}
          onChange={(v) => update({ escalationReason: v })}
        />
      ) : null}
      <fieldset
        className="officer-indicators"
        aria-describedby={
          errorsFor('indicators').length ? `${fieldId('indicators')}-error` : undefined
        }
      >
        <legend>
          Red-flag indicators<span aria-hidden="true"> *</span>
          <span className="visually-hidden"> (at least one required to submit)</span>
        </legend>
        <GroupErrors path="indicators" />
        <div className="officer-indicator-grid">
          {INDICATORS.map((code) => {
            const [name, description] = INDICATOR_TEXT[code];
            const checkboxId = `indicator-${code}`;
            return (
              <div key={code} className="officer-check">
                <input
                  id={checkboxId}
                  type="checkbox"
                  checked={state.indicators.includes(code)}
                  aria-describedby={`${checkboxId}-text`}
                  onChange={(e) => {
                    touch('indicators');
                    update({
                      indicators: e.target.checked
                        ? [...state.indicators, code]
                        : state.indicators.filter((c) => c !== code),
                    });
                  }}
                />
                <div>
                  <label htmlFor={checkboxId}>{name}</label>
                  <span id={`${checkboxId}-text`} className="officer-check-hint">
                    {description}
                  </span>
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
      <TextAreaField
        path="narrative"
        label="Narrative"
        required
        hint="What you saw and why it is suspicious. Describe content; never include or link to it."
        rows={8}
        value={state.narrative}
        onChange={(v) => update({ narrative: v })}
      />
    </Section>
  );
}
