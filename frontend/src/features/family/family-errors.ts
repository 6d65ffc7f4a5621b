import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleViolation } from '../../lib/api-error.ts';
import { useErrorMessage } from '../../lib/error-message.ts';
import { en } from '../../locales/en.ts';
import { familyEnglish } from './family-strings.ts';

type FamilyCode = keyof typeof familyEnglish.codes;
type FamilyRule = keyof typeof familyEnglish.rules;

function isFamilyCode(code: string): code is FamilyCode {
  return Object.hasOwn(familyEnglish.codes, code);
}

/** isFamilyRule tells a rule of the family forms' own fields (a name, an email, a student ID…). */
export function isFamilyRule(rule: string): rule is FamilyRule {
  return Object.hasOwn(familyEnglish.rules, rule);
}

/**
 * useFamilyErrorMessage is useErrorMessage in the family portal's words: a guardian signs in
 * with an email, not a username, and Spanish addresses a parent as usted where the students'
 * pages say tú.
 */
export function useFamilyErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  const ownWords = useCallback((code: string) => (isFamilyCode(code) ? t(`family.codes.${code}`) : undefined), [t]);
  return useErrorMessage(ownWords, 'family.errors');
}

type KnownCode = keyof typeof en.errors.codes;

function isKnownCode(code: string): code is KnownCode {
  return Object.hasOwn(en.errors.codes, code);
}

/**
 * useRuleText words a refusal of one of the family forms' own fields; a rule named like an error
 * code (the server ties access_code_used to the access code field) in that code's words; else
 * the server's message.
 */
export function useRuleText(): (violation: RuleViolation) => string {
  const { t } = useTranslation();
  return useCallback(
    (violation: RuleViolation) => {
      if (isFamilyRule(violation.rule)) return t(`family.rules.${violation.rule}`);
      if (isFamilyCode(violation.rule)) return t(`family.codes.${violation.rule}`);
      if (isKnownCode(violation.rule)) return t(`errors.codes.${violation.rule}`);
      return violation.message;
    },
    [t],
  );
}

/** A plausible email address: something, an @, and a domain with a dot. The server decides. */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
