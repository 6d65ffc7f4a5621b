import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField, type TextFieldProps } from './text-field.tsx';

type PasswordFieldProps = Omit<TextFieldProps, 'type' | 'addon'>;

/**
 * PasswordField is a password input with a show/hide toggle. Paste and
 * password managers work: nothing blocks them, and autocomplete is passed
 * through (current-password or new-password).
 */
export function PasswordField(props: PasswordFieldProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      {...props}
      type={visible ? 'text' : 'password'}
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      addon={
        <button
          type="button"
          className="field__toggle"
          aria-pressed={visible}
          aria-controls={props.id}
          // Several password fields can share a form: the name says which
          // one this button shows, and still starts with the visible text.
          aria-label={t('password.showField', { field: props.label })}
          onClick={() => setVisible((v) => !v)}
        >
          {t('password.show')}
        </button>
      }
    />
  );
}
