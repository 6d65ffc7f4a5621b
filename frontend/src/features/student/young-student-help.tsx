import { useTranslation } from 'react-i18next';
import { TextWithLink } from '../../components/text-with-link.tsx';
import { FamilyPicture, TeacherPicture } from './pictures.tsx';

/**
 * YoungStudentHelp tells a student below the self-service grade that they cannot reset the
 * password themselves, and who can. After a badge or picture sign-in (`young`) it speaks to a
 * younger child: pictures first, and the teacher can also give a new badge, or new pictures.
 */
export function YoungStudentHelp({ young }: { young?: 'badge' | 'pictures' | undefined }) {
  const { t } = useTranslation();
  const badge = young !== undefined;
  return (
    <section className="help-box" aria-labelledby="young-help-title">
      <h2 id="young-help-title">{badge ? t('account.badgeHelpTitle') : t('account.youngTitle')}</h2>
      {badge ? (
        <ul className="help-list">
          <li>
            <TeacherPicture className="help-list__picture" />
            <span>{young === 'pictures' ? t('pictureSignIn.helpTeacher') : t('account.badgeHelpTeacher')}</span>
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
