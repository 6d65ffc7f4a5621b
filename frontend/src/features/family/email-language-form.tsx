import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../../lib/i18n.ts';
import { useGuardianSession } from './family-frame.tsx';
import { useSetGuardianLanguage } from './family-queries.ts';
import '../../components/choice-group.css';

/**
 * EmailLanguageForm shows and changes the language of the emails the guardian gets. It is a
 * setting of its own: the header's switch changes only the pages, so a parent who reads a page
 * in English for a moment (or lets a child switch it) keeps getting emails in their language.
 */
export function EmailLanguageForm() {
  const { t } = useTranslation();
  const { guardian } = useGuardianSession();
  const save = useSetGuardianLanguage();
  const [chosen, setChosen] = useState<Language>();
  const locale = chosen ?? guardian.locale;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    save.mutate(locale);
  };

  return (
    <section aria-labelledby="email-language-title">
      <h2 id="email-language-title">{t('family.account.emailLanguageTitle')}</h2>
      <form className="form" noValidate onSubmit={onSubmit}>
        <fieldset className="choice-group" aria-describedby="email-language-hint">
          <legend>{t('family.register.language')}</legend>
          <p className="field__hint" id="email-language-hint">
            {t('family.account.emailLanguageHint')}
          </p>
          {languages.map((lng) => (
            <div className="choice-group__option" key={lng}>
              <input
                type="radio"
                id={`email-locale-${lng}`}
                name="locale"
                value={lng}
                checked={locale === lng}
                onChange={() => {
                  setChosen(lng);
                  save.reset();
                }}
              />
              <label htmlFor={`email-locale-${lng}`} lang={lng}>
                {t(`language.${lng}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button" aria-disabled={save.isPending || undefined}>
          {save.isPending ? t('family.account.emailLanguageSaving') : t('family.account.emailLanguageSave')}
        </button>
        <p role="status">
          {save.isSuccess && t('family.account.emailLanguageSaved', { language: t(`language.${save.variables}`) })}
        </p>
        {save.isError && (
          <p role="alert" className="alert">
            {t('family.languageError')}
          </p>
        )}
      </form>
    </section>
  );
}
