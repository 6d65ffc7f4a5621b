import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { SignInLink } from './sign-in-link.tsx';

/**
 * ChooseStep offers both ways to every username alike: whether this account
 * has a PIN or questions is exactly what a stranger must not learn.
 */
export function ChooseStep({ username }: { username: string }) {
  const { t } = useTranslation();
  const choices = [
    { to: '/forgot/pin', id: 'forgot-choose-pin', title: t('forgot.choose.pin'), hint: t('forgot.choose.pinHint') },
    {
      to: '/forgot/questions',
      id: 'forgot-choose-questions',
      title: t('forgot.choose.questions'),
      hint: t('forgot.choose.questionsHint'),
    },
  ];
  return (
    <>
      <PageTitle>{t('forgot.choose.title')}</PageTitle>
      <p className="forgot-username">
        {t('forgot.choose.username', { username })} <Link to="/forgot">{t('forgot.choose.changeUsername')}</Link>
      </p>
      <ul className="choice-list">
        {choices.map((choice) => (
          <li key={choice.id}>
            <Link
              className="choice"
              to={choice.to}
              aria-labelledby={`${choice.id}-title`}
              aria-describedby={`${choice.id}-hint`}
            >
              <span className="choice__title" id={`${choice.id}-title`}>
                {choice.title}
              </span>
              <span className="choice__hint" id={`${choice.id}-hint`}>
                {choice.hint}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <p>{t('forgot.choose.neither')}</p>
      <SignInLink />
    </>
  );
}
