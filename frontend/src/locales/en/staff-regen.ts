// District default-password regeneration on the staff pages (features/staff/regen-*): the form
// and its dry run. Loaded with that page's code (features/staff/regen-strings.ts).
export const staffRegen = {
  title: 'Regenerate default passwords',
  intro:
    'Give every student who matches the filter a new default password. Preview first: the preview counts the students it would touch and changes nothing.',
  form: {
    psuCode: 'PSU code',
    psuCodeHint: "Your district's 3-digit code.",
    campusCodes: 'Campus codes',
    campusCodesHint: 'Optional. 6-character codes separated by commas, for example 17K045, 17X390. Empty: every school.',
    grades: 'Grade levels',
    gradesHint:
      'Optional. Codes separated by commas: -5 to -1 (pre-K), 0 (kindergarten), 1 to 12, 13 (post-secondary), -9 (ungraded). Empty: every grade.',
    alsoReset: 'Also reset current passwords',
    alsoResetHint: "The new default passwords also become the students' current passwords.",
    forceChange: 'Force password change at next sign-in',
    forceChangeHint: 'Takes effect only with "Also reset current passwords" ticked.',
    comments: 'Comments',
    commentsHint: 'Optional. Why, or who asked. Kept with the request.',
    preview: 'Preview',
    previewing: 'Counting…',
  },
  rules: {
    required: 'Enter the PSU code.',
    psu_format: 'The PSU code is 3 digits: "{{value}}" is not.',
    psu_other_district: 'PSU code {{value}} is not your district.',
    campus_format: 'A campus code is 6 letters or digits: "{{value}}" is not.',
    campus_unknown: 'Campus code {{value}} is not a school of this district.',
    campus_repeated: 'Campus code {{value}} is listed twice.',
    grade_unknown: 'Grade "{{value}}" is not a grade code. Use -5 to 13 or -9.',
    grade_repeated: 'Grade {{value}} is listed twice.',
    force_without_reset:
      'Forcing a password change takes effect only with "Also reset current passwords": tick that box too, or untick this one.',
  },
  result: {
    title: 'Preview',
    caption: 'Students who would get a new default password, by school and grade',
    campusCode: 'Campus code',
    school: 'School',
    grade: 'Grade',
    students: 'Students',
    schoolTotal: 'All grades',
    total: 'Total',
    summary_one: '{{count}} student would get a new default password.',
    summary_other: '{{count}} students would get a new default password.',
    none: 'No student matches this request.',
    unchanged: 'Nothing has changed yet. Confirming the request comes in the next release.',
    notYet: 'Running the request is not available yet.',
  },
} as const;
