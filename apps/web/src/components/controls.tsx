import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { label as wireLabel } from './format';
import { Field } from './ui';

/** What `Field` takes: the label, a hint, the API's messages, the required marker. */
interface FieldProps {
  label: string;
  hint?: ReactNode;
  errors?: string[];
  /** Marks the label as required (the control itself is not made `required`). */
  required?: boolean;
}

type Passed<T> = Omit<T, 'id' | 'required' | 'aria-describedby' | 'aria-invalid'>;

function split<T extends FieldProps>(props: T) {
  const { label, hint, errors, required, ...rest } = props;
  return { field: { label, hint, errors, required }, rest };
}

/** A labelled `<input>` (text by default) with its hint and the API's messages. */
export function TextInput(props: FieldProps & Passed<InputHTMLAttributes<HTMLInputElement>>) {
  const { field, rest } = split(props);
  return (
    <Field {...field}>
      {({ id, describedBy, invalid }) => (
        <input id={id} aria-describedby={describedBy} aria-invalid={invalid} {...rest} />
      )}
    </Field>
  );
}

/** A labelled `<textarea>` with its hint and the API's messages. */
export function TextArea(props: FieldProps & Passed<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const { field, rest } = split(props);
  return (
    <Field {...field}>
      {({ id, describedBy, invalid }) => (
        <textarea id={id} aria-describedby={describedBy} aria-invalid={invalid} {...rest} />
      )}
    </Field>
  );
}

/**
 * A labelled `<select>` with its hint and the API's messages: `children` first
 * (such as an "All" or "Choose…" option), then one option per wire value of
 * `options`, shown with `label()`.
 */
export function SelectInput(
  props: FieldProps &
    Passed<SelectHTMLAttributes<HTMLSelectElement>> & { options?: readonly string[] },
) {
  const { field, rest } = split(props);
  const { options, children, ...select } = rest;
  return (
    <Field {...field}>
      {({ id, describedBy, invalid }) => (
        <select id={id} aria-describedby={describedBy} aria-invalid={invalid} {...select}>
          {children}
          {options?.map((value) => (
            <option key={value} value={value}>
              {wireLabel(value)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
