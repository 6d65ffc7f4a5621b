import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { TextField } from '../../components/text-field.tsx';
import type { RuleViolation } from '../../lib/api-error.ts';
import { useErrorMessage } from '../../lib/error-message.ts';
import { currentLanguage } from '../../lib/i18n.ts';
import { en } from '../../locales/en.ts';
import { useMyAccount, useQuestionCatalogue, useSetQuestions, type Question } from './account-queries.ts';
import { currentPasswordRule, hasDetails, ruleErrors } from './rule-errors.ts';
import { useRememberSaved } from './saved-notice.ts';
import { SelectField } from './select-field.tsx';
import { AccountLoadError } from './account-load-error.tsx';
import { YoungStudentHelp } from './young-student-help.tsx';
import './student.css';
import { LoadError } from '../../components/load-error.tsx';

const slots = [0, 1, 2] as const;
type Slot = (typeof slots)[number];

type QuestionRule = keyof typeof en.questions.errors.rules;
type ClientError = 'questionRequired' | 'answerRequired' | 'currentRequired';

function isQuestionRule(rule: string): rule is QuestionRule {
  return Object.hasOwn(en.questions.errors.rules, rule);
}

// Field names as the API reports them, in the order the form shows them.
const currentField = 'currentPassword';
const questionField = (slot: Slot) => `questions[${slot}]`;
const answerField = (slot: Slot) => `answers[${slot}]`;
const fieldOrder = [currentField, ...slots.flatMap((slot) => [questionField(slot), answerField(slot)])];

export function QuestionsPage() {
  const { t } = useTranslation();
  const account = useMyAccount();
  return (
    <div className="narrow">
      <PageTitle>{t('questions.title')}</PageTitle>
      {account.isPending && <Loading />}
      {account.isError && <AccountLoadError query={account} />}
      {account.data &&
        (account.data.selfResetEligible ? (
          <QuestionsForm replacing={account.data.questionsSet} />
        ) : (
          <YoungStudentHelp />
        ))}
      <p>
        <Link to="/account">{t('questions.back')}</Link>
      </p>
    </div>
  );
}

function Tips() {
  const { t } = useTranslation();
  return (
    <section className="help-box" aria-labelledby="question-tips-title">
      <h2 id="question-tips-title">{t('questions.tipsTitle')}</h2>
      <ul className="tips">
        <li>{t('questions.tips.folding')}</li>
        <li>{t('questions.tips.private')}</li>
        <li>{t('questions.tips.guessable')}</li>
        <li>{t('questions.tips.personal')}</li>
      </ul>
    </section>
  );
}

function QuestionsForm({ replacing }: { replacing: boolean }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const catalogue = useQuestionCatalogue(currentLanguage(i18n));
  return (
    <>
      <p>{t('questions.intro')}</p>
      {replacing && <p className="notice">{t('questions.replaceNote')}</p>}
      <Tips />
      {catalogue.isPending && (
        <p role="status" className="loading">
          {t('questions.loading')}
        </p>
      )}
      {catalogue.isError && (
        <LoadError
          what={t('questions.loadError')}
          message={errorMessage(catalogue.error)}
          retryLabel={t('account.retry')}
          onRetry={() => void catalogue.refetch()}
        />
      )}
      {catalogue.data && <AnswersForm catalogue={catalogue.data} />}
    </>
  );
}

function AnswersForm({ catalogue }: { catalogue: readonly Question[] }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const rememberSaved = useRememberSaved();
  const save = useSetQuestions();

  const [current, setCurrent] = useState('');
  const [picked, setPicked] = useState<readonly [string, string, string]>(['', '', '']);
  const [answers, setAnswers] = useState<readonly [string, string, string]>(['', '', '']);
  const [clientErrors, setClientErrors] = useState<ReadonlyMap<string, ClientError>>(new Map());
  const fieldRefs = useRef(new Map<string, HTMLInputElement | HTMLSelectElement>());
  const alertRef = useRef<HTMLDivElement>(null);
  const refFor = (field: string) => (element: HTMLInputElement | HTMLSelectElement | null) => {
    if (element) fieldRefs.current.set(field, element);
    else fieldRefs.current.delete(field);
  };

  const server = ruleErrors(save.error, fieldOrder);
  const serverMessage = (v: RuleViolation) => {
    if (v.rule === currentPasswordRule) return t('errors.codes.current_password_wrong');
    return isQuestionRule(v.rule) ? t(`questions.errors.rules.${v.rule}`) : v.message;
  };
  // The server's word on a field stands until the student edits that field.
  const sent = save.variables;
  const unchanged = (field: string): boolean => {
    if (!sent) return false;
    if (field === currentField) return current === sent.currentPassword;
    return slots.some(
      (slot) =>
        (field === questionField(slot) && picked[slot] === sent.answers[slot]?.questionId) ||
        (field === answerField(slot) && answers[slot] === sent.answers[slot]?.answer),
    );
  };
  const fieldError = (field: string): string | undefined => {
    const client = clientErrors.get(field);
    const fromServer = unchanged(field) ? (server.byField.get(field) ?? []) : [];
    const messages = [...(client ? [t(`questions.errors.${client}`)] : []), ...fromServer.map(serverMessage)];
    return messages.length > 0 ? messages.join(' ') : undefined;
  };

  let formError: string | undefined;
  if (save.isError) {
    if (!hasDetails(save.error)) formError = errorMessage(save.error);
    else if (server.general.length > 0) formError = server.general.map(serverMessage).join(' ');
  }

  useEffect(() => {
    if (!save.error) return;
    const first = fieldOrder.find((field) => server.byField.has(field));
    if (first) fieldRefs.current.get(first)?.focus();
    else alertRef.current?.focus();
    // Only a new answer from the server moves focus, not typing after it.
  }, [save.error]);

  // Each list leaves out the questions picked in the other two, so the three always differ.
  const optionsFor = (slot: Slot) =>
    catalogue.filter((q) => q.id === picked[slot] || !picked.some((id, other) => other !== slot && id === q.id));

  const setAt = <T extends readonly [string, string, string]>(list: T, slot: Slot, value: string): T =>
    list.map((item, i) => (i === slot ? value : item)) as unknown as T;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (save.isPending) return;
    const errors = new Map<string, ClientError>();
    if (current === '') errors.set(currentField, 'currentRequired');
    for (const slot of slots) {
      if (picked[slot] === '') errors.set(questionField(slot), 'questionRequired');
      if (answers[slot].trim() === '') errors.set(answerField(slot), 'answerRequired');
    }
    setClientErrors(errors);
    const first = fieldOrder.find((field) => errors.has(field));
    if (first) {
      save.reset();
      fieldRefs.current.get(first)?.focus();
      return;
    }
    save.mutate(
      {
        currentPassword: current,
        answers: slots.map((slot) => ({ questionId: picked[slot], answer: answers[slot] })),
      },
      {
        onSuccess: () => {
          rememberSaved('questions');
          void navigate('/account');
        },
      },
    );
  };

  return (
    <>
      {formError && (
        <div id="questions-form-error" ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <PasswordField
          ref={refFor(currentField)}
          id="current-password"
          name="currentPassword"
          label={t('questions.currentPassword')}
          hint={t('questions.currentPasswordHint')}
          error={fieldError(currentField)}
          autoComplete="current-password"
          maxLength={1024}
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        {slots.map((slot) => {
          const number = slot + 1;
          return (
            <div key={slot} className="question-group">
              <SelectField
                ref={refFor(questionField(slot))}
                id={`question-${number}`}
                name={`question${number}`}
                label={t('questions.question', { number })}
                error={fieldError(questionField(slot))}
                value={picked[slot]}
                onChange={(e) => setPicked((list) => setAt(list, slot, e.target.value))}
              >
                <option value="">{t('questions.choose')}</option>
                {optionsFor(slot).map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.text}
                  </option>
                ))}
              </SelectField>
              {/* A phone's closed select cuts a long question short: the whole text, under it. */}
              {picked[slot] && (
                <p className="question-full" aria-hidden="true">
                  {catalogue.find((q) => q.id === picked[slot])?.text}
                </p>
              )}
              <TextField
                ref={refFor(answerField(slot))}
                id={`answer-${number}`}
                name={`answer${number}`}
                label={t('questions.answer', { number })}
                hint={t('questions.answerHint')}
                error={fieldError(answerField(slot))}
                type="text"
                autoComplete="off"
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                maxLength={200}
                value={answers[slot]}
                onChange={(e) => setAnswers((list) => setAt(list, slot, e.target.value))}
              />
            </div>
          );
        })}
        <button type="submit" className="button button--primary" aria-disabled={save.isPending || undefined}>
          {save.isPending ? t('questions.submitting') : t('questions.submit')}
        </button>
      </form>
    </>
  );
}
