import { useTranslation } from 'react-i18next';
import { TextWithLink } from '../../components/text-with-link.tsx';
import { FamilyPicture, TeacherPicture } from './pictures.tsx';

/**
 * YoungStudentHelp tells a student below the self-service grade that they cannot reset the
 * password themselves, and who can. After a badge sign-in (`badge`) it speaks to a younger
 * child: pictures first, and the teacher can also give a new badge.
 */
export function YoungStudentHelp({ badge = false }: { badge?: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="help-box" aria-labelledby="young-help-title">
      <h2 id="young-help-title">{badge ? t('account.badgeHelpTitle') : t('account.youngTitle')}</h2>
      {badge ? (
        <ul className="help-list">
          <li>
            <TeacherPicture className="help-list__picture" />
            <span>{t('account.badgeHelpTeacher')}</span>
          </li>
          <li>
            <FamilyPicture className="help-list__picture" />
            <span>{t('account.badgeHelpFamily')}</span>
          </li>
        </ul>
      ) : (
        <>
          <p>{t('account.youngBody')}</p>
          <ul>
            <li>
              <TextWithLink text={t('account.youngGuardian')} to="/family" />
            </li>
            <li>{t('account.youngSchool')}</li>
          </ul>
        </>
      )}
    </section>
  );
}
