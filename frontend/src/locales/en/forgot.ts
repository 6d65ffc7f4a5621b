export const forgot = {
  title: 'Forgot your password?',
  intro: 'You can get back in with your recovery PIN or your security questions.',
  backToSignIn: 'Back to sign in',
} as const;
