export const changePassword = {
  title: 'Change your password',
  intro: 'Choose a new password that you do not use anywhere else.',
  mustChange: 'Your school gave you a starting password. Choose your own before you go on.',
  mustChangeGuardian: 'Your parent or guardian gave you a starting password. Choose your own before you go on.',
  currentPassword: 'Current password',
  currentPasswordHint: 'The password you signed in with.',
  startingPasswordHint: 'The starting password your school gave you.',
  startingPasswordHintGuardian: 'The starting password your parent or guardian gave you.',
  newPassword: 'New password',
  confirmPassword: 'Type the new password again',
  submit: 'Change my password',
  submitting: 'Changing…',
  back: 'Back to my account',
  errors: {
    currentRequired: 'Type your current password.',
  },
} as const;
