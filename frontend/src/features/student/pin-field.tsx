import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField, type TextFieldProps } from '../../components/text-field.tsx';

type PinFieldProps = Omit<TextFieldProps, 'type' | 'addon' | 'inputMode' | 'autoComplete'>;

/**
 * PinField is a digits-only box hidden with dots until the student shows it.
 * It is a text input, not a password one, so a browser does not mistake the
 * form for a password change and offer to save the PIN as the password.
 */
export function PinField({ className, ...props }: PinFieldProps) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      {...props}
      className={[className, visible ? '' : 'pin-field--masked'].filter(Boolean).join(' ')}
      type="text"
      inputMode="numeric"
      pattern="[0-9]*"
      autoComplete="off"
      autoCorrect="off"
      spellCheck={false}
      addon={
        <button
          type="button"
          className="field__toggle"
          aria-pressed={visible}
          aria-controls={props.id}
          onClick={() => setVisible((v) => !v)}
        >
          {t('pin.show')}
        </button>
      }
    />
  );
}
