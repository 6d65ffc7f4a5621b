import { useEffect, useMemo, useState, type JSX } from 'react';
import { useTranslation } from 'react-i18next';
import { en } from '../locales/en.ts';
import {
  checkPassword,
  loadCommonList,
  loadedCommonListOrNull,
  passwordRules,
  type CommonList,
  type PasswordContext,
  type PasswordRule,
} from '../lib/password-rules.ts';
import { PasswordChecklist } from './password-checklist.tsx';
import { PasswordField } from './password-field.tsx';
import './password-checklist.css';

/** A refusal from the server (ApiError.details). */
export interface PasswordServerError {
  rule: string;
  message: string;
  field?: string | undefined;
}

export interface NewPasswordFieldsProps {
  /** Ids: `${idPrefix}-new`, `${idPrefix}-confirm`. */
  idPrefix: string;
  password: string;
  onPasswordChange(v: string): void;
  confirm: string;
  onConfirmChange(v: string): void;
  /**
   * Username and names for the contains rules; for one password shared by several students
   * (a class reset), one context each: the password must pass for every one of them.
   */
  context: PasswordContext | readonly PasswordContext[];
  /**
   * ApiError.details; each is shown next to the field it names ('newPassword' or
   * 'confirmPassword'; password rules without a field go to the new password), in our words for
   * rule codes we know, else the server's message. One stops showing once its field is edited.
   */
  serverErrors?: readonly PasswordServerError[] | undefined;
  /** After a submit attempt, unmet rules and an empty or different confirmation show as errors. */
  submitted?: boolean | undefined;
  /** Default "New password" / "Type it again". */
  labels?: { password?: string | undefined; confirm?: string | undefined } | undefined;
  /** Whose password it is, which sets the words of the checklist and of every refusal. */
  audience?: PasswordAudience | undefined;
}

/**
 * PasswordAudience is whose password the fields set: a student's own (the default), a guardian's
 * own (no username: the first part of the email stands for it), or a child's, which a guardian
 * sets and every sentence names. The server sends rule codes; these words are the only ones shown
 * for them, so each audience's sentences live in the locale files, once, beside the student's.
 */
export type PasswordAudience = { kind: 'student' } | { kind: 'guardian' } | { kind: 'child'; name: string } | { kind: 'group' };

const student: PasswordAudience = { kind: 'student' };

interface PasswordWords {
  title: string;
  personal: string;
  /** The sentence for a rule code (or 'required' / 'confirmRequired'). */
  error(rule: KnownRule | 'confirmRequired'): string;
}

/** usePasswordWords is the checklist's title, its personal line and the refusals for an audience. */
function usePasswordWords(audience: PasswordAudience): PasswordWords {
  const { t } = useTranslation();
  const name = audience.kind === 'child' ? audience.name : '';
  return useMemo(() => {
    if (audience.kind === 'guardian') {
      return {
        title: t('password.forGuardian.title'),
        personal: t('password.forGuardian.personal'),
        error: (rule) => t(`password.forGuardian.errors.${rule}`),
      };
    }
    if (audience.kind === 'group') {
      return {
        title: t('password.forGroup.title'),
        personal: t('password.forGroup.personal'),
        error: (rule) => t(`password.forGroup.errors.${rule}`),
      };
    }
    if (audience.kind === 'child') {
      return {
        title: t('password.forChild.title', { name }),
        personal: t('password.forChild.personal', { name }),
        error: (rule) => t(`password.forChild.errors.${rule}`, { name }),
      };
    }
    return {
      title: t('password.checklist.title'),
      personal: t('password.rules.personal'),
      error: (rule) => t(`password.errors.${rule}`),
    };
  }, [t, audience.kind, name]);
}

export interface PasswordVerdict {
  /** Every rule the browser can check passes and the confirmation matches. The server decides. */
  ok: boolean;
  /** Failed rules in the server's order; without 'common' until the list has loaded. */
  failed: PasswordRule[];
  /** The two entries are exactly the same (the server compares them as typed). */
  confirmMatches: boolean;
  /** The common-password list has loaded, so 'common' is checked. */
  commonReady: boolean;
}

/** Loads the common-password list (a separate chunk) once the component mounts. */
function useCommonList(): CommonList | null {
  const [list, setList] = useState<CommonList | null>(loadedCommonListOrNull);
  useEffect(() => {
    if (list) return;
    let live = true;
    loadCommonList().then(
      (loaded) => live && setList(loaded),
      // Offline or a failed deploy: the line stays "checking" and the server still checks.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [list]);
  return list;
}

/**
 * usePasswordVerdict checks a new password as the server will, live: the rules, the common
 * list (once loaded) and the confirmation.
 */
export function usePasswordVerdict(
  password: string,
  confirm: string,
  context: PasswordContext | readonly PasswordContext[],
): PasswordVerdict {
  const common = useCommonList();
  // A new context object or names array on each render must not redo the check.
  const contextKey = JSON.stringify(context);
  const failed = useMemo(() => {
    const parsed = JSON.parse(contextKey) as PasswordContext | PasswordContext[];
    const contexts = Array.isArray(parsed) ? parsed : [parsed];
    // Each rule the password breaks for any of them, in the server's order; no one: the
    // rules that do not depend on a person.
    const broken = new Set((contexts.length > 0 ? contexts : [{}]).flatMap((ctx) => checkPassword(password, ctx, common)));
    return passwordRules.filter((rule) => broken.has(rule));
  }, [password, contextKey, common]);
  const confirmMatches = password === confirm;
  return { ok: failed.length === 0 && confirmMatches, failed, confirmMatches, commonReady: common !== null };
}

type KnownRule = Exclude<keyof typeof en.password.errors, 'confirmRequired'>;

function isKnownRule(rule: string): rule is KnownRule {
  return rule !== 'confirmRequired' && Object.hasOwn(en.password.errors, rule);
}

const passwordRuleCodes: ReadonlySet<string> = new Set<string>([
  'min_length',
  'max_length',
  'lowercase',
  'uppercase',
  'digit',
  'common',
  'contains_username',
  'contains_name',
  'same_as_current',
]);

/**
 * errorTextOf turns a server refusal into a sentence in the current language: our words for the
 * password rules (and current_password, confirm_mismatch, required), else the server's.
 */
function errorTextOf(words: PasswordWords, error: PasswordServerError): string {
  if (error.rule === 'required' && error.field === 'confirmPassword') return words.error('confirmRequired');
  return isKnownRule(error.rule) ? words.error(error.rule) : error.message;
}

function isPasswordRule(rule: string): rule is PasswordRule {
  return (passwordRules as readonly string[]).includes(rule);
}

function fieldOf(error: PasswordServerError): 'new' | 'confirm' | undefined {
  if (error.field === 'newPassword') return 'new';
  if (error.field === 'confirmPassword') return 'confirm';
  if (error.field) return undefined; // another field's, such as currentPassword: the page shows it
  if (error.rule === 'confirm_mismatch') return 'confirm';
  return passwordRuleCodes.has(error.rule) ? 'new' : undefined;
}

/**
 * Remembers what the two fields held when the server's errors arrived, so each error is shown
 * only until its field (or, for the confirmation, either field) changes.
 */
function useFreshServerErrors(
  serverErrors: readonly PasswordServerError[],
  password: string,
  confirm: string,
): { new: PasswordServerError[]; confirm: PasswordServerError[] } {
  const [snapshot, setSnapshot] = useState({ errors: serverErrors, password, confirm });
  let current = snapshot;
  if (snapshot.errors !== serverErrors) {
    current = { errors: serverErrors, password, confirm };
    setSnapshot(current);
  }
  const out = { new: [] as PasswordServerError[], confirm: [] as PasswordServerError[] };
  for (const error of serverErrors) {
    const field = fieldOf(error);
    if (field === 'new' && password === current.password) out.new.push(error);
    if (field === 'confirm' && password === current.password && confirm === current.confirm) out.confirm.push(error);
  }
  return out;
}

/**
 * NewPasswordFields is the new password and its confirmation, each with a show/hide toggle, and
 * the live checklist of the server's rules under the first. Paste and password managers work
 * (autocomplete="new-password", no length limit that would cut a pasted password).
 */
export function NewPasswordFields({
  idPrefix,
  password,
  onPasswordChange,
  confirm,
  onConfirmChange,
  context,
  serverErrors,
  submitted = false,
  labels,
  audience = student,
}: NewPasswordFieldsProps): JSX.Element {
  const { t } = useTranslation();
  const words = usePasswordWords(audience);
  const errorText = (error: PasswordServerError) => errorTextOf(words, error);
  const verdict = usePasswordVerdict(password, confirm, context);
  const fresh = useFreshServerErrors(serverErrors ?? noErrors, password, confirm);

  const newId = `${idPrefix}-new`;
  const confirmId = `${idPrefix}-confirm`;
  const checklistId = `${idPrefix}-rules`;
  const matchId = `${confirmId}-match`;

  let newError: string | undefined;
  if (fresh.new.length > 0) newError = fresh.new.map(errorText).join(' ');
  else if (submitted && password === '') newError = words.error('required');
  else if (submitted && verdict.failed.length > 0) newError = verdict.failed.map(words.error).join(' ');

  let confirmError: string | undefined;
  if (fresh.confirm.length > 0) confirmError = fresh.confirm.map(errorText).join(' ');
  else if (submitted && confirm === '') confirmError = words.error('confirmRequired');
  else if (submitted && !verdict.confirmMatches) confirmError = words.error('confirm_mismatch');

  // The server's verdict on this very password wins: it may know names the page did not pass.
  const checklistFailed = useMemo(
    () => [...verdict.failed, ...fresh.new.map((e) => e.rule).filter(isPasswordRule)],
    [verdict.failed, fresh.new],
  );

  // Before a submit, say "not the same yet" only once the confirmation is not a start of the password.
  let match: 'yes' | 'no' | undefined;
  if (confirm !== '' && verdict.confirmMatches) match = 'yes';
  else if (confirm !== '' && !confirmError && !password.startsWith(confirm)) match = 'no';

  return (
    <div className="new-password-fields">
      <div className="new-password-fields__new">
        <PasswordField
          id={newId}
          label={labels?.password ?? t('password.newLabel')}
          value={password}
          onChange={(e) => onPasswordChange(e.target.value)}
          autoComplete="new-password"
          error={newError}
          describedBy={[`${checklistId}-title`, `${checklistId}-summary`]}
        />
        <PasswordChecklist
          id={checklistId}
          password={password}
          failed={checklistFailed}
          commonReady={verdict.commonReady}
          submitted={submitted}
          title={words.title}
          personalLabel={words.personal}
        />
      </div>
      <div className="new-password-fields__confirm">
        <PasswordField
          id={confirmId}
          label={labels?.confirm ?? t('password.confirmLabel')}
          value={confirm}
          onChange={(e) => onConfirmChange(e.target.value)}
          autoComplete="new-password"
          error={confirmError}
          describedBy={match ? [matchId] : []}
        />
        <p id={matchId} className={`password-match${match === 'yes' ? ' password-match--yes' : ''}`} role="status">
          {match === 'yes' && (
            <>
              <span aria-hidden="true">✓ </span>
              {t('password.confirm.matches')}
            </>
          )}
          {match === 'no' && t('password.confirm.differs')}
        </p>
      </div>
    </div>
  );
}

const noErrors: readonly PasswordServerError[] = [];
