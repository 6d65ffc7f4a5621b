import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import type { RuleViolation } from '../../lib/api-error.ts';
import { useErrorMessage } from '../../lib/error-message.ts';
import { en } from '../../locales/en.ts';
import { useMyAccount, useSetPin } from './account-queries.ts';
import { PinField } from './pin-field.tsx';
import { pinChecks, pinRuleFailures, type PinCheck } from './pin-rules.ts';
import { currentPasswordRule, hasDetails, ruleErrors } from './rule-errors.ts';
import { useRememberSaved } from './saved-notice.ts';
import { AccountLoadError } from './account-load-error.tsx';
import { YoungStudentHelp } from './young-student-help.tsx';
import './student.css';

type PinRule = keyof typeof en.pin.errors.rules;
type ClientError = 'currentRequired' | 'pinRequired' | 'confirmRequired' | 'confirmMismatch' | PinRule;
type Field = 'current' | 'pin' | 'confirm';

function isPinRule(rule: string): rule is PinRule {
  return Object.hasOwn(en.pin.errors.rules, rule);
}

const apiFields: Record<string, Field> = { currentPassword: 'current', pin: 'pin' };

export function PinPage() {
  const { t } = useTranslation();
  const account = useMyAccount();
  return (
    <div className="narrow">
      <PageTitle>{t('pin.title')}</PageTitle>
      {account.isPending && <Loading />}
      {account.isError && <AccountLoadError query={account} />}
      {account.data &&
        (account.data.selfResetEligible ? <PinForm replacing={account.data.pinSet} /> : <YoungStudentHelp />)}
      <p>
        <Link to="/account">{t('pin.back')}</Link>
      </p>
    </div>
  );
}

const checkOrder: readonly PinCheck[] = ['length', 'repeated', 'sequence'];

/** PinChecklist shows the simple rules turning green as the PIN is typed; after a try, unmet ones as errors. */
interface PinChecklistProps {
  id: string;
  pin: string;
  submitted: boolean;
  /** The server refused this PIN for being made of the student ID's digits. */
  studentIdRefused: boolean;
}

function PinChecklist({ id, pin, submitted, studentIdRefused }: PinChecklistProps) {
  const { t } = useTranslation();
  const checks = pinChecks(pin);
  const unmet = submitted ? 'pin-checklist__missing' : 'pin-checklist__unmet';
  return (
    <div id={id}>
      <p className="field__label">{t('pin.rulesTitle')}</p>
      <ul className="pin-checklist">
        {checkOrder.map((check) => (
          <li key={check} className={checks[check] ? 'pin-checklist__met' : unmet}>
            <span>
              <span className="visually-hidden">
                {checks[check] ? t('pin.ruleMet') : submitted ? t('pin.ruleMissing') : t('pin.ruleNotMet')}{' '}
              </span>
              {t(`pin.rules.${check}`)}
            </span>
          </li>
        ))}
        <li className={studentIdRefused ? 'pin-checklist__missing' : 'pin-checklist__later'}>
          <span>
            <span className="visually-hidden">{studentIdRefused ? t('pin.ruleMissing') : t('pin.ruleOnSave')} </span>
            {t('pin.rules.studentId')}
          </span>
        </li>
      </ul>
    </div>
  );
}

function PinForm({ replacing }: { replacing: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const rememberSaved = useRememberSaved();
  const setPin = useSetPin();

  const [current, setCurrent] = useState('');
  const [pin, setPinValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [clientErrors, setClientErrors] = useState<Partial<Record<Field, ClientError[]>>>({});
  const [submitted, setSubmitted] = useState(false);
  const refs = {
    current: useRef<HTMLInputElement>(null),
    pin: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLInputElement>(null),
  };
  const alertRef = useRef<HTMLDivElement>(null);

  const server = ruleErrors(setPin.error, Object.keys(apiFields));
  // The server's word on a field stands until the student edits that field.
  const sentValue: Record<Field, string | undefined> = {
    current: setPin.variables?.currentPassword,
    pin: setPin.variables?.pin,
    confirm: undefined,
  };
  const value: Record<Field, string> = { current, pin, confirm };
  const serverFor = (field: Field) =>
    value[field] !== sentValue[field]
      ? []
      : Object.entries(apiFields)
          .filter(([, f]) => f === field)
          .flatMap(([api]) => server.byField.get(api) ?? []);
  const studentIdRefused = serverFor('pin').some((v) => v.rule === 'pin_student_id');

  const clientMessage = (error: ClientError) => (isPinRule(error) ? t(`pin.errors.rules.${error}`) : t(`pin.errors.${error}`));
  const serverMessage = (v: RuleViolation) => {
    if (v.rule === currentPasswordRule) return t('errors.codes.current_password_wrong');
    return isPinRule(v.rule) ? t(`pin.errors.rules.${v.rule}`) : v.message;
  };
  const fieldError = (field: Field): string | undefined => {
    const messages = [...(clientErrors[field] ?? []).map(clientMessage), ...serverFor(field).map(serverMessage)];
    return messages.length > 0 ? messages.join(' ') : undefined;
  };

  let formError: string | undefined;
  if (setPin.isError) {
    if (!hasDetails(setPin.error)) formError = errorMessage(setPin.error);
    else if (server.general.length > 0) formError = server.general.map(serverMessage).join(' ');
  }

  useEffect(() => {
    if (!setPin.error) return;
    const first = (['current', 'pin'] as const).find((field) => serverFor(field).length > 0);
    if (first) refs[first].current?.focus();
    else alertRef.current?.focus();
    // Only a new answer from the server moves focus, not typing after it.
  }, [setPin.error]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (setPin.isPending) return;
    setSubmitted(true);
    const errors: Partial<Record<Field, ClientError[]>> = {};
    if (current === '') errors.current = ['currentRequired'];
    if (pin === '') errors.pin = ['pinRequired'];
    else if (pinRuleFailures(pin).length > 0) errors.pin = pinRuleFailures(pin) as PinRule[];
    if (confirm === '') errors.confirm = ['confirmRequired'];
    else if (confirm !== pin) errors.confirm = ['confirmMismatch'];
    setClientErrors(errors);
    const first = (['current', 'pin', 'confirm'] as const).find((field) => errors[field]);
    if (first) {
      setPin.reset();
      refs[first].current?.focus();
      return;
    }
    setPin.mutate(
      { currentPassword: current, pin },
      {
        onSuccess: () => {
          rememberSaved('pin');
          void navigate('/account');
        },
      },
    );
  };

  const formErrorId = 'pin-form-error';
  const rulesId = 'new-pin-rules';
  return (
    <>
      <p>{t('pin.intro')}</p>
      {replacing && <p className="notice">{t('pin.replaceNote')}</p>}
      {formError && (
        <div id={formErrorId} ref={alertRef} role="alert" tabIndex={-1} className="alert">
          {formError}
        </div>
      )}
      <form className="form" noValidate onSubmit={onSubmit}>
        <PasswordField
          ref={refs.current}
          id="current-password"
          name="currentPassword"
          label={t('pin.currentPassword')}
          hint={t('pin.currentPasswordHint')}
          error={fieldError('current')}
          autoComplete="current-password"
          maxLength={1024}
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <PinField
          ref={refs.pin}
          id="new-pin"
          name="pin"
          label={t('pin.newPin')}
          hint={t('pin.newPinHint')}
          error={fieldError('pin')}
          describedBy={[rulesId]}
          maxLength={64}
          value={pin}
          onChange={(e) => setPinValue(e.target.value.trim())}
        />
        <PinChecklist id={rulesId} pin={pin} submitted={submitted} studentIdRefused={studentIdRefused} />
        <PinField
          ref={refs.confirm}
          id="confirm-pin"
          name="confirmPin"
          label={t('pin.confirmPin')}
          error={fieldError('confirm')}
          maxLength={64}
          value={confirm}
          onChange={(e) => setConfirm(e.target.value.trim())}
        />
        <button type="submit" className="button button--primary" aria-disabled={setPin.isPending || undefined}>
          {setPin.isPending ? t('pin.submitting') : t('pin.submit')}
        </button>
      </form>
    </>
  );
}
