import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField, type TextFieldProps } from './text-field.tsx';
import './password-field.css';

type PasswordFieldProps = Omit<TextFieldProps, 'type' | 'addon'>;

/** An eye, struck through while the password shows (pressing again hides it). */
function EyeIcon({ struck }: { struck: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path
        d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinejoin="round"
      />
      <circle cx="12" cy="12" r="3" fill="none" stroke="currentColor" strokeWidth="2" />
      {struck && <path d="M4 4l16 16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />}
    </svg>
  );
}

/**
 * PasswordField is a password input with a show/hide toggle: an icon button inside the field,
 * so a phone keeps the full width for the password and nothing wraps below it. The button is a
 * toggle (aria-pressed) whose name stays the same, as toggles should: a screen reader says
 * "Show password, pressed" rather than a name that flips with the state. Paste and password
 * managers work: nothing blocks them, and autocomplete is passed through.
 */
export function PasswordField({ className, ...props }: PasswordFieldProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      {...props}
      className={['password-field', className ?? ''].filter(Boolean).join(' ')}
      type={visible ? 'text' : 'password'}
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      addon={
        <button
          type="button"
          className="password-field__toggle"
          aria-pressed={visible}
          aria-controls={props.id}
          // Several password fields can share a form: the name says which one this button shows.
          aria-label={t('password.showField', { field: props.label })}
          onClick={() => setVisible((v) => !v)}
        >
          <EyeIcon struck={visible} />
        </button>
      }
    />
  );
}
