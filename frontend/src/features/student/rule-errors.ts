import { ApiError, type RuleViolation } from '../../lib/api-error.ts';

/** The rule the server names when the current password given with a change is wrong. */
export const currentPasswordRule = 'current_password';

/**
 * RuleErrors is a rule refusal split by the request field each rule is about
 * ("pin", "answers[1]", …), so each message can sit next to its field.
 * Rules about no field in particular, or about a field the form does not
 * show, are under `general`.
 */
export interface RuleErrors {
  byField: ReadonlyMap<string, readonly RuleViolation[]>;
  general: readonly RuleViolation[];
}

const empty: RuleErrors = { byField: new Map(), general: [] };

export function ruleErrors(error: unknown, fields: readonly string[]): RuleErrors {
  if (!(error instanceof ApiError) || error.details.length === 0) return empty;
  const byField = new Map<string, RuleViolation[]>();
  const general: RuleViolation[] = [];
  for (const detail of error.details) {
    const field = detail.field;
    if (field && fields.includes(field)) {
      byField.set(field, [...(byField.get(field) ?? []), detail]);
    } else {
      general.push(detail);
    }
  }
  return { byField, general };
}

/** hasDetails tells a rule refusal (shown by the fields) from any other failure. */
export function hasDetails(error: unknown): boolean {
  return error instanceof ApiError && error.details.length > 0;
}
