import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { ApiError, detailsOf, isRefusal } from '../../lib/api-error.ts';
import { useRefusalFocus } from '../../lib/refusal-focus.ts';
import { fullName } from './child-card.tsx';
import { useFamilyErrorMessage, useRuleText } from './family-errors.ts';
import { FamilyPage, RequireGuardian, useGuardianSession } from './family-frame.tsx';
import { useRememberNotice } from './family-notice.ts';
import { useLinkChild } from './family-queries.ts';
import { updateGuardian } from './family-session.ts';
import { VerifyBanner } from './verify-resend.tsx';

type Field = 'studentId' | 'accessCode';

// As the server reads them: spaces and dashes do not count, nor (for the code) case. A code has
// no look-alikes: no 0, 1, I, L or O (policy/family.go).
const studentIdShape = /^\d{9}$/;
const accessCodeShape = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{12}$/i;
const strip = (value: string) => value.replace(/[\s-]/g, '');

/** Refusals about the access code alone, shown at its field. */
const accessCodeCodes = new Set(['access_code_expired', 'access_code_used']);

function LinkForm() {
  const { t } = useTranslation();
  const { guardian } = useGuardianSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const rememberNotice = useRememberNotice();
  const link = useLinkChild();
  const errorMessage = useFamilyErrorMessage();
  const ruleText = useRuleText();

  const [studentId, setStudentId] = useState('');
  const [accessCode, setAccessCode] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const { formRef, alertRef, refused } = useRefusalFocus();

  const idShapeOk = studentIdShape.test(strip(studentId));
  const codeShapeOk = accessCodeShape.test(strip(accessCode));

  // The server's answer stays next to its field until that field is edited.
  const error = link.error;
  const sent = link.variables;
  const fresh = (field: Field) => sent?.[field] === (field === 'studentId' ? studentId.trim() : accessCode.trim());
  // A refusal the server also names as a rule of a field is said once, by its code.
  const details = detailsOf(error).filter((d) => !(error instanceof ApiError && d.rule === error.code));
  const fieldDetails = (field: Field) => (fresh(field) ? details.filter((d) => d.field === field) : []);
  const aboutCode = error instanceof ApiError && accessCodeCodes.has(error.code);
  const codeRefusal = aboutCode && fresh('accessCode');

  let studentIdError: string | undefined;
  if (submitted && studentId.trim() === '') studentIdError = t('family.link.errors.studentIdRequired');
  else if (submitted && !idShapeOk) studentIdError = t('family.rules.student_id_format');
  else if (fieldDetails('studentId').length > 0) studentIdError = fieldDetails('studentId').map(ruleText).join(' ');

  let accessCodeError: string | undefined;
  if (submitted && accessCode.trim() === '') accessCodeError = t('family.link.errors.accessCodeRequired');
  else if (submitted && !codeShapeOk) accessCodeError = t('family.rules.access_code_format');
  else if (fieldDetails('accessCode').length > 0) accessCodeError = fieldDetails('accessCode').map(ruleText).join(' ');
  else if (codeRefusal) accessCodeError = errorMessage(error);

  const otherDetails = details.filter((d) => d.field !== 'studentId' && d.field !== 'accessCode');
  const formError =
    link.isError && !aboutCode && (details.length === 0 || otherDetails.length > 0)
      ? [errorMessage(error), ...otherDetails.map(ruleText)].join(' ')
      : undefined;
  // access_code_invalid is about the pair: both fields are marked, and the alert describes both.
  const formErrorId = 'link-error';
  const describedBy = formError ? [formErrorId] : [];
  const pairInvalid = Boolean(formError) && isRefusal(error, 422, 'access_code_invalid');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (link.isPending) return;
    setSubmitted(true);
    if (!idShapeOk || !codeShapeOk) {
      link.reset();
      refused();
      return;
    }
    link.mutate(
      { studentId: studentId.trim(), accessCode: accessCode.trim() },
      {
        onSuccess: (child) => {
          rememberNotice({ kind: 'linked', name: fullName(child) });
          void navigate('/family/children');
        },
        onError: (refusal) => {
          // The session said otherwise (an old tab): show the banner with its resend button.
          if (isRefusal(refusal, 403, 'email_not_verified')) updateGuardian(queryClient, { emailVerified: false });
          refused();
        },
      },
    );
  };

  return (
    <>
      <PageTitle>{t('family.link.title')}</PageTitle>
      {!guardian.emailVerified && <VerifyBanner email={guardian.email} />}
      <p>{t('family.link.intro')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          <p>{formError}</p>
          {isRefusal(error, 409, 'already_linked') && (
            <p>
              <Link to="/family/children">{t('family.link.back')}</Link>
            </p>
          )}
        </div>
      )}
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <TextField
          id="link-student-id"
          name="studentId"
          label={t('family.link.studentId')}
          hint={t('family.link.studentIdHint')}
          error={studentIdError}
          describedBy={describedBy}
          invalid={pairInvalid}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          value={studentId}
          onChange={(e) => setStudentId(e.target.value)}
        />
        <TextField
          id="link-access-code"
          name="accessCode"
          label={t('family.link.accessCode')}
          hint={t('family.link.accessCodeHint')}
          error={accessCodeError}
          describedBy={describedBy}
          invalid={pairInvalid}
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          maxLength={64}
          value={accessCode}
          onChange={(e) => setAccessCode(e.target.value)}
        />
        <button type="submit" className="button button--primary" aria-disabled={link.isPending || undefined}>
          {link.isPending ? t('family.link.submitting') : t('family.link.submit')}
        </button>
      </form>
      <p>
        <Link to="/family/children">{t('family.link.back')}</Link>
      </p>
    </>
  );
}

/** LinkPage links a child with the student ID and parent access code from the school's letter. */
export function LinkPage() {
  return (
    <FamilyPage>
      <RequireGuardian>
        <LinkForm />
      </RequireGuardian>
    </FamilyPage>
  );
}
