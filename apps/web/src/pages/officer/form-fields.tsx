import { createContext, useContext, type ReactNode } from 'react';

/**
 * Inputs of the referral form. Each is named by its API field path
 * (`merchant.legalName`, `observables.2.value`): that path gives it a stable
 * id (so the problem summary can link to it) and picks the API's messages to
 * show under it. Touching a field (typing, leaving it) lets its messages show.
 */
export interface FieldErrors {
  errorsFor: (path: string) => string[];
  touch: (path: string) => void;
}

export const FieldErrorsContext = createContext<FieldErrors>({
  errorsFor: () => [],
  touch: () => undefined,
});

export function fieldId(path: string): string {
  return `referral-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

interface Common {
  path: string;
  label: string;
  hint?: ReactNode;
  required?: boolean;
  className?: string;
}

export function PathField(
  props: Common & {
    children: (a: { id: string; describedBy?: string; invalid: boolean }) => ReactNode;
  },
) {
  const { errorsFor } = useContext(FieldErrorsContext);
  const id = fieldId(props.path);
  const errors = errorsFor(props.path);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy =
    [props.hint ? hintId : null, errors.length ? errorId : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <div
      className={`field${errors.length ? ' field-invalid' : ''}${props.className ? ` ${props.className}` : ''}`}
    >
      <label htmlFor={id}>
        {props.label}
        {props.required ? <span aria-hidden="true"> *</span> : null}
        {props.required ? <span className="visually-hidden"> (required to submit)</span> : null}
      </label>
      {props.hint ? (
        <p id={hintId} className="field-hint">
          {props.hint}
        </p>
      ) : null}
      {props.children({ id, describedBy, invalid: errors.length > 0 })}
      {errors.length ? (
        <p id={errorId} className="field-error">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

export function TextField(
  props: Common & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'date' | 'datetime-local' | 'email';
    inputMode?: 'numeric' | 'decimal' | 'text';
    autoComplete?: string;
    maxWidth?: string;
    spellCheck?: boolean;
  },
) {
  const { touch } = useContext(FieldErrorsContext);
  return (
    <PathField {...props}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? 'off'}
          spellCheck={props.spellCheck}
          value={props.value}
          onChange={(e) => {
            touch(props.path);
            props.onChange(e.target.value);
          }}
          onBlur={() => touch(props.path)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          style={props.maxWidth ? { maxWidth: props.maxWidth } : undefined}
        />
      )}
    </PathField>
  );
}

export function TextAreaField(
  props: Common & { value: string; onChange: (value: string) => void; rows?: number },
) {
  const { touch } = useContext(FieldErrorsContext);
  return (
    <PathField {...props}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          rows={props.rows ?? 3}
          value={props.value}
          onChange={(e) => {
            touch(props.path);
            props.onChange(e.target.value);
          }}
          onBlur={() => touch(props.path)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          style={props.rows && props.rows < 4 ? { minHeight: 'auto' } : undefined}
        />
      )}
    </PathField>
  );
}

export function SelectField(
  props: Common & {
    value: string;
    onChange: (value: string) => void;
    options: [string, string][];
    /** The text of an empty first option (nothing chosen yet). */
    placeholder?: string;
  },
) {
  const { touch } = useContext(FieldErrorsContext);
  return (
    <PathField {...props}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={props.value}
          onChange={(e) => {
            touch(props.path);
            props.onChange(e.target.value);
          }}
          onBlur={() => touch(props.path)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        >
          {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
          {props.options.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </PathField>
  );
}

/** Messages for a group of controls (a fieldset of checkboxes), shown under its legend. */
export function GroupErrors({ path }: { path: string }) {
  const { errorsFor } = useContext(FieldErrorsContext);
  const errors = errorsFor(path);
  if (errors.length === 0) return null;
  return (
    <p id={`${fieldId(path)}-error`} className="field-error">
      {errors.join(' ')}
    </p>
  );
}
