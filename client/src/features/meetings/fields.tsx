import type { InputHTMLAttributes } from 'react';

/**
 * The meetings page's labelled form controls: the label wraps its text and the control and names it by `id`
 * (`htmlFor`), so screen readers announce it and a click on the text focuses the control.
 */

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'>;

/** A labelled input (text, date, time, url, number…); `onChange` gets the input's text. */
export function InputField(
  props: {
    id: string;
    label: string;
    value: string | number;
    onChange: (value: string) => void;
  } & InputProps,
) {
  const { id, label, value, onChange, ...input } = props;
  return (
    <label htmlFor={id}>
      {label}
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </label>
  );
}

/** One choice of a {@link SelectField}; `key` defaults to the value. */
export interface FieldOption {
  value: string | number;
  label: string;
  key?: string;
}

/** A labelled select; `onChange` gets the chosen option's value as text. */
export function SelectField(props: {
  id: string;
  label: string;
  value: string | number;
  onChange: (value: string) => void;
  options: readonly FieldOption[];
}) {
  return (
    <label htmlFor={props.id}>
      {props.label}
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.key ?? o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
