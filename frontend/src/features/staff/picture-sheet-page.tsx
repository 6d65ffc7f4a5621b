import { QRCodeSVG } from 'qrcode.react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { useDistrict } from '../../lib/district.ts';
import { languages, type Language } from '../../lib/i18n.ts';
import { ClassLoadFailure } from './class-load-failure.tsx';
import { useClassRoster } from './class-queries.ts';
import { useClassPictureSignIn, type ClassPictureSignIn } from './picture-queries.ts';
import { RequireStaff, StaffPage } from './staff-frame.tsx';
import '../../components/choice-group.css';
import './class-strings.ts';
import './picture-strings.ts';
import './pictures.css';

/** siteOf is where a child types the class code: the sign-in page's address without the code. */
export function siteOf(signInUrl: string): string {
  try {
    const url = new URL(signInUrl);
    return `${url.host}${url.pathname}`;
  } catch {
    return signInUrl.split('#')[0] ?? signInUrl;
  }
}

interface SheetProps {
  signIn: ClassPictureSignIn;
  className: string;
  districtName?: string | undefined;
  language: Language;
}

/**
 * ClassSheet is the printed class sign-in sheet, in its own language whatever the page's: the
 * class, a big QR, the code and 3 short steps for the children.
 */
function ClassSheet({ signIn, className, districtName, language }: SheetProps) {
  const { i18n } = useTranslation();
  const st = i18n.getFixedT(language);
  const titleId = useId();
  return (
    <article className="class-sheet" lang={language} aria-labelledby={titleId}>
      {districtName && <p className="class-sheet__from">{districtName}</p>}
      <h2 id={titleId}>{st('staffPictures.sheet.heading')}</h2>
      <p className="class-sheet__class">{className}</p>
      <QRCodeSVG
        className="class-sheet__qr"
        value={signIn.signInUrl}
        size={336}
        level="M"
        marginSize={4}
        role="img"
        aria-label={st('staffPictures.sheet.qrLabel')}
      />
      <p>{st('staffPictures.sheet.code')}</p>
      <p className="class-code" translate="no">
        {signIn.code}
      </p>
      <ol className="class-sheet__steps">
        <li>{st('staffPictures.sheet.step1', { site: siteOf(signIn.signInUrl) })}</li>
        <li>{st('staffPictures.sheet.step2')}</li>
        <li>{st('staffPictures.sheet.step3')}</li>
      </ol>
      <p className="class-sheet__help">{st('staffPictures.sheet.help')}</p>
    </article>
  );
}

function Sheet({ classId }: { classId: string }) {
  const { t, i18n } = useTranslation();
  const district = useDistrict();
  const roster = useClassRoster(classId);
  const signIn = useClassPictureSignIn(classId);
  const [language, setLanguage] = useState<Language>(i18n.language === 'es' ? 'es' : 'en');
  const back = (
    <p className="staff-no-print">
      <Link to={`/staff/classes/${encodeURIComponent(classId)}`}>{t('staffPictures.sheet.back')}</Link>
    </p>
  );

  if (roster.isPending || signIn.isPending) return <Loading />;
  if (roster.isError || signIn.isError) {
    return (
      <ClassLoadFailure
        error={roster.error ?? signIn.error}
        notFoundTitle={t('staffClass.class.notFoundTitle')}
        notFoundBody={t('staffClass.class.notFoundBody')}
        loadError={t('staffPictures.sheet.loadError')}
        onRetry={() => {
          if (roster.isError) void roster.refetch();
          if (signIn.isError) void signIn.refetch();
        }}
      />
    );
  }
  const cls = roster.data.class;
  const className = t('staffClass.class.title', { name: cls.name, number: cls.classNumber });
  return (
    <>
      <div className="staff-no-print">
        <PageTitle>{t('staffPictures.sheet.title')}</PageTitle>
        <p>{t('staffPictures.sheet.intro')}</p>
        <fieldset className="choice-group">
          <legend>{t('staffPictures.sheet.language')}</legend>
          {languages.map((lng) => (
            <div className="choice-group__option" key={lng}>
              <input type="radio" id={`sheet-language-${lng}`} name="sheet-language" checked={language === lng} onChange={() => setLanguage(lng)} />
              <label htmlFor={`sheet-language-${lng}`} lang={lng}>
                {t(`language.${lng}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <p className="staff-actions">
          <button type="button" className="button button--primary" onClick={() => window.print()}>
            {t('staffPictures.sheet.print')}
          </button>
        </p>
      </div>
      {back}
      <ClassSheet signIn={signIn.data} className={className} districtName={district?.name} language={language} />
    </>
  );
}

/**
 * PictureSheetPage is a class's printable picture sign-in sheet, in English or Spanish. The code
 * is not a secret shown once (staff see it on the class page); a new code makes the sheet stop working.
 */
export function PictureSheetPage() {
  const { classId = '' } = useParams();
  return (
    <StaffPage>
      <RequireStaff>
        <Sheet key={classId} classId={classId} />
      </RequireStaff>
    </StaffPage>
  );
}
