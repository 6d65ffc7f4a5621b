import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/text-field.tsx';
import type { PictureClass } from './picture-queries.ts';
import { classCodeFrom } from './picture-url.ts';

type Student = PictureClass['students'][number];

interface ClassListProps {
  pictureClass: PictureClass;
  /** Start on the class's name: the list came after something the child or a grown-up did here. */
  takeFocus: boolean;
  onChoose(student: Student): void;
  /** Back to the class code and username forms: another class, or a name not on the list. */
  onOtherWay(): void;
}

/** ClassList is the class picture-sign-in page: one big button per child, in alphabetical order. */
export function ClassList({ pictureClass, takeFocus, onChoose, onOtherWay }: ClassListProps) {
  const { t, i18n } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocus) headingRef.current?.focus();
  }, [takeFocus]);
  const students = [...pictureClass.students].sort((a, b) => a.displayName.localeCompare(b.displayName, i18n.language));

  return (
    <section aria-labelledby="picture-class-name">
      <h2 id="picture-class-name" ref={headingRef} tabIndex={-1}>
        {pictureClass.className}
      </h2>
      {students.length === 0 ? (
        <p className="alert alert--big">{t('pictureSignIn.nobody')}</p>
      ) : (
        <>
          <p className="picture-names__intro">{t('pictureSignIn.tapYourName')}</p>
          <ul className="picture-names">
            {students.map((student) => (
              <li key={student.studentId}>
                <button type="button" className="button picture-name" onClick={() => onChoose(student)}>
                  {student.displayName}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <button type="button" className="link-button" onClick={onOtherWay}>
          {t('pictureSignIn.otherWay')}
        </button>
      </p>
    </section>
  );
}

interface WhoFormsProps {
  /** Why the last class code did not open a class, if it did not (an alert above the forms). */
  classError?: string | undefined;
  onClassCode(code: string): void;
  onUsername(username: string): void;
}

const classErrorId = 'picture-class-error';

/**
 * WhoForms is the page without a class link: a class code (a grown-up types it) or the child's
 * own username, each a small form of its own.
 */
export function WhoForms({ classError, onClassCode, onUsername }: WhoFormsProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [codeMissing, setCodeMissing] = useState(false);
  const [username, setUsername] = useState('');
  const [usernameMissing, setUsernameMissing] = useState(false);

  const submitCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!code.trim()) {
      setCodeMissing(true);
      return;
    }
    setCodeMissing(false);
    // A code that cannot be one is sent all the same: the server's answer says so in words.
    onClassCode(classCodeFrom(code) ?? code.trim().toUpperCase());
  };

  const submitUsername = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!username.trim()) {
      setUsernameMissing(true);
      return;
    }
    setUsernameMissing(false);
    onUsername(username.trim());
  };

  return (
    <div className="picture-who">
      {classError && (
        <p id={classErrorId} role="alert" className="alert alert--big">
          {classError}
        </p>
      )}
      <form className="form picture-who__form" noValidate onSubmit={submitCode}>
        <TextField
          id="picture-class-code"
          label={t('pictureSignIn.classCode')}
          hint={t('pictureSignIn.classCodeHint')}
          error={codeMissing ? t('pictureSignIn.classCodeRequired') : undefined}
          describedBy={classError ? [classErrorId] : []}
          invalid={Boolean(classError)}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={32}
        />
        <button type="submit" className="button button--primary">
          {t('pictureSignIn.openClass')}
        </button>
      </form>
      <p className="picture-who__or">{t('pictureSignIn.or')}</p>
      <form className="form picture-who__form" noValidate onSubmit={submitUsername}>
        <TextField
          id="picture-username"
          label={t('pictureSignIn.username')}
          error={usernameMissing ? t('pictureSignIn.usernameRequired') : undefined}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={254}
        />
        <button type="submit" className="button button--primary">
          {t('pictureSignIn.next')}
        </button>
      </form>
    </div>
  );
}
