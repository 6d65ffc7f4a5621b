// The district's identity around every page (header, footer) and the pages about help and its
// notices. Parents read these as much as students, so they speak to "you" without assuming who.
export const district = {
  footer: {
    label: 'Help and information',
    help: 'Help',
    privacy: 'Privacy',
    accessibility: 'Accessibility',
    contact: 'Contact {{name}}',
    phone: 'Phone: {{phone}}',
    newTab: '(opens a new tab)',
  },
  help: {
    title: 'Help getting back in',
    intro: 'There are three ways back into a school account. Pick the one that fits.',
    selfTitle: 'Students from grade 3: do it yourself',
    self: 'If you set a recovery PIN or security questions, you can choose a new password by yourself: <link>Forgot your password?</link>',
    guardianTitle: 'A parent or guardian can reset it',
    guardian:
      'A parent or guardian linked to the student in the family portal can reset the password, for students of any grade: <link>Go to the family portal</link>',
    schoolTitle: 'The school can always help',
    school: 'A teacher or the school’s main office can reset a student’s password. Bring the student ID if you have it.',
    familyTitle: 'Parents and guardians',
    family: 'Forgot the family portal password? <link>Get a reset link by email</link>',
    contactTitle: 'Contact the district',
    contactIntro: 'Still stuck? The district’s help desk can help:',
    noContact: 'Contact your child’s school.',
  },
  notice: {
    privacyTitle: 'Privacy notice',
    accessibilityTitle: 'Accessibility statement',
    elsewhere: 'Read it on the district’s website:',
    missing: 'The district has not published it here. Ask the district’s help desk or your school for it.',
  },
  registerPrivacy: 'How the district uses your information: <link>privacy notice</link>.',
};
