export const changePassword = {
  title: 'Change your password',
  mustChange: 'Your school asks you to choose a new password before you go on.',
} as const;
