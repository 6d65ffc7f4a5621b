import type { ComponentPropsWithRef, ReactNode } from 'react';

interface SelectFieldProps
  extends Omit<ComponentPropsWithRef<'select'>, 'id' | 'aria-describedby' | 'aria-invalid' | 'className'> {
  id: string;
  label: string;
  /** A message about this field; shown under the label and announced. */
  error?: string | undefined;
  describedBy?: readonly string[] | undefined;
  invalid?: boolean | undefined;
  children: ReactNode;
}

/** SelectField is a labelled <select> whose error is tied to it, like TextField. */
export function SelectField({ id, label, error, describedBy = [], invalid = false, children, ...select }: SelectFieldProps) {
  const errorId = `${id}-error`;
  const describers = [...(error ? [errorId] : []), ...describedBy];
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {error && (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <div className="field__control">
        <select
          {...select}
          id={id}
          className="field__input"
          aria-invalid={invalid || Boolean(error) || undefined}
          aria-describedby={describers.length > 0 ? describers.join(' ') : undefined}
        >
          {children}
        </select>
      </div>
    </div>
  );
}
