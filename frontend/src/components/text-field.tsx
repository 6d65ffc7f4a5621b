import type { ComponentPropsWithRef, ReactNode } from 'react';

export interface TextFieldProps extends Omit<ComponentPropsWithRef<'input'>, 'id' | 'aria-describedby' | 'aria-invalid'> {
  id: string;
  label: string;
  hint?: string | undefined;
  /** A message about this field; shown under it and announced. */
  error?: string | undefined;
  /** Ids of other elements that describe this field, such as a form-level alert. */
  describedBy?: readonly string[] | undefined;
  /** Marks the field invalid when the error is shown elsewhere (a form-level alert). */
  invalid?: boolean | undefined;
  /** Rendered right of the input, e.g. a show/hide button. */
  addon?: ReactNode;
}

/**
 * TextField is a labelled input whose hint and error are tied to it with
 * aria-describedby, so a screen reader reads them when the field gets focus.
 */
export function TextField({
  id,
  label,
  hint,
  error,
  describedBy = [],
  invalid = false,
  addon,
  className,
  ...input
}: TextFieldProps) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describers = [...(error ? [errorId] : []), ...describedBy, ...(hint ? [hintId] : [])];
  return (
    <div className={['field', error ? 'field--error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <div className="field__control">
        <input
          {...input}
          id={id}
          className="field__input"
          aria-invalid={invalid || Boolean(error) || undefined}
          aria-describedby={describers.length > 0 ? describers.join(' ') : undefined}
        />
        {addon}
      </div>
    </div>
  );
}
