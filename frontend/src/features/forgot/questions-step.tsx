import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../../components/page-title.tsx';
import { TextField } from '../../components/text-field.tsx';
import { ApiError } from '../../lib/api-error.ts';
import { useErrorMessage } from '../../lib/error-message.ts';
import { currentLanguage, type Language } from '../../lib/i18n.ts';
import { useQuestionTexts, type Question } from './forgot-queries.ts';
import { SignInLink } from './sign-in-link.tsx';
import { useVerify, type VerifyStepProps } from './use-verify.ts';

interface QuestionsStepProps extends VerifyStepProps {
  questions: readonly Question[];
  /** The language the questions came in; another one is looked up in the catalogue. */
  questionsLang: Language;
}

export function QuestionsStep({ flowToken, questions, questionsLang, onVerified, onRefused }: QuestionsStepProps) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const { send, pending, problem, clearProblem, alertRef } = useVerify({ onVerified, onRefused });
  const lang = currentLanguage(i18n);
  const translated = useQuestionTexts(lang, lang !== questionsLang);
  const [answers, setAnswers] = useState<readonly string[]>(() => questions.map(() => ''));
  const [missing, setMissing] = useState<readonly boolean[]>([]);
  const inputRefs = useRef<(HTMLInputElement | null)[]>([]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const empty = answers.map((answer) => answer.trim() === '');
    setMissing(empty);
    const first = empty.indexOf(true);
    if (first >= 0) {
      clearProblem();
      inputRefs.current[first]?.focus();
      return;
    }
    send({
      flowToken,
      method: 'questions',
      answers: questions.map((q, i) => ({ questionId: q.id, answer: answers[i] ?? '' })),
    });
  };

  const mismatch = problem instanceof ApiError && problem.code === 'verification_failed';
  const formError =
    problem === undefined ? undefined : mismatch ? t('forgot.questions.errors.mismatch') : errorMessage(problem);
  const formErrorId = 'forgot-questions-problem';

  return (
    <>
      <PageTitle>{t('forgot.questions.title')}</PageTitle>
      <p>{t('forgot.questions.intro')}</p>
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        {questions.map((question, i) => (
          <TextField
            key={question.id}
            ref={(el) => {
              inputRefs.current[i] = el;
            }}
            id={`forgot-answer-${i + 1}`}
            name={`answer-${i + 1}`}
            label={translated?.get(question.id) ?? question.text}
            error={missing[i] ? t('forgot.questions.errors.required') : undefined}
            describedBy={formError ? [formErrorId] : []}
            invalid={mismatch}
            type="text"
            autoComplete="off"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            maxLength={200}
            value={answers[i] ?? ''}
            onChange={(e) => {
              const value = e.target.value;
              setAnswers((all) => all.map((answer, j) => (j === i ? value : answer)));
            }}
          />
        ))}
        <button type="submit" className="button button--primary" aria-disabled={pending || undefined}>
          {pending ? t('forgot.checking') : t('forgot.questions.submit')}
        </button>
      </form>
      <p className="form-footer">
        <Link to="/forgot/how">{t('forgot.questions.otherWay')}</Link>
      </p>
      <SignInLink />
    </>
  );
}
