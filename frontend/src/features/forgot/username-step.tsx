import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { useErrorMessage } from '../../lib/error-message.ts';
import { currentLanguage, type Language } from '../../lib/i18n.ts';
import { useStartForgot, type Question } from './forgot-queries.ts';
import { SignInLink } from './sign-in-link.tsx';

interface UsernameStepProps {
  initialUsername: string;
  onStarted(username: string, lang: Language, flowToken: string, questions: readonly Question[]): void;
}

type UsernameError = 'required';

export function UsernameStep({ initialUsername, onStarted }: UsernameStepProps) {
  const { t, i18n } = useTranslation();
  const start = useStartForgot();
  const errorMessage = useErrorMessage();
  const [username, setUsername] = useState(initialUsername);
  const [fieldError, setFieldError] = useState<UsernameError>();
  const inputRef = useRef<HTMLInputElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (start.isError) alertRef.current?.focus();
  }, [start.isError]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (start.isPending) return;
    const typed = username.trim();
    const error: UsernameError | undefined = typed === '' ? 'required' : undefined;
    setFieldError(error);
    if (error) {
      start.reset();
      inputRef.current?.focus();
      return;
    }
    const lang = currentLanguage(i18n);
    start.mutate(
      { username: typed, lang },
      { onSuccess: (data) => onStarted(typed, lang, data.flowToken, data.questions) },
    );
  };

  const formErrorId = 'forgot-username-problem';
  const formError = start.isError ? errorMessage(start.error) : undefined;

  return (
    <>
      <PageTitle>{t('forgot.username.title')}</PageTitle>
      <p>{t('forgot.username.intro')}</p>
      <p className="notice">{t('forgot.username.younger')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <TextField
          ref={inputRef}
          id="forgot-username"
          name="username"
          label={t('forgot.username.label')}
          hint={t('forgot.username.hint')}
          error={fieldError && t(`forgot.username.errors.${fieldError}`)}
          describedBy={formError ? [formErrorId] : []}
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={254}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <button type="submit" className="button button--primary" aria-disabled={start.isPending || undefined}>
          {start.isPending ? t('forgot.checking') : t('forgot.username.submit')}
        </button>
      </form>
      <SignInLink />
    </>
  );
}
