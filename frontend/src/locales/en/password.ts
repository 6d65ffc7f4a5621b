// Strings of the password fields and their live checklist (components/new-password-fields.tsx,
// components/password-checklist.tsx). Written for a 9-year-old: short words, an example each.

// By the server's rule code (RuleViolation.rule); unknown codes show the server's own message.
const errors = {
  min_length: 'Use at least 8 characters.',
  max_length: 'Use 128 characters or fewer.',
  lowercase: 'Add a small letter, like a.',
  uppercase: 'Add a capital letter, like A.',
  digit: 'Add a number, like 7.',
  common: 'Lots of people use this password, so it is easy to guess. Try adding more words.',
  contains_username: "Don't put your username in your password.",
  contains_name: "Don't put your name in your password.",
  same_as_current: 'Pick a new password, not the one you use now.',
  confirm_mismatch: 'The two passwords are not the same. Type the same password in both boxes.',
  current_password: 'That is not your current password. Check it and try again.',
  required: 'Type your new password here.',
  confirmRequired: 'Type your new password again.',
};

export const password = {
  show: 'Show password',
  showField: 'Show password: {{field}}',
  newLabel: 'New password',
  confirmLabel: 'Type it again',
  checklist: {
    title: 'Your new password needs:',
    summary: '{{met}} of {{total}} done',
    allDone: 'Your password follows every rule.',
    met: 'done',
    notMet: 'not yet',
    missing: 'still needed',
    checking: 'checking',
  },
  rules: {
    lowercase: 'A small letter, like a',
    uppercase: 'A capital letter, like A',
    digit: 'A number, like 7',
    minLength: 'At least 8 characters',
    maxLength: 'No more than 128 characters',
    common: 'Not a password lots of people use',
    personal: "Doesn't have your name or username in it",
  },
  confirm: {
    matches: 'The two passwords match.',
    differs: 'The two passwords are not the same yet.',
  },
  errors,
  // A guardian's own password (family pages). Guardians have no username: the server checks the
  // part of their email before "@" in its place. In Spanish these say "usted", as family pages do.
  forGuardian: {
    title: 'Your new password needs:',
    personal: "Doesn't have your name or the first part of your email in it",
    errors: {
      ...errors,
      contains_username: "Don't put the first part of your email (before the @) in your password.",
    },
  },
  // A child's password, set by a guardian: every sentence names the child.
  forChild: {
    title: "{{name}}'s new password needs:",
    personal: "Doesn't have {{name}}'s name or username in it",
    errors: {
      ...errors,
      contains_username: "Don't put {{name}}'s username in the password.",
      contains_name: "Don't put {{name}}'s name in the password.",
      same_as_current: 'Pick a new password, not the one {{name}} uses now.',
      required: "Type {{name}}'s new password here.",
      confirmRequired: "Type {{name}}'s new password again.",
    },
  },
  // One password for several students (a class or grade reset by staff): checked against each.
  forGroup: {
    title: 'The new password needs:',
    personal: "Doesn't have a selected student's name or username in it",
    errors: {
      ...errors,
      contains_username: "Don't put a selected student's username in the password.",
      contains_name: "Don't put a selected student's name in the password.",
      same_as_current: 'Pick a new password, not one a student uses now.',
      required: 'Type the new password here.',
      confirmRequired: 'Type the new password again.',
    },
  },
} as const;
