// Badge sign-in for young students (features/student/badge-*.tsx): short words a child can
// follow, read aloud by a grown-up if need be.
export const badge = {
  scanButton: 'Scan my badge',
  scanTitle: 'Scan your badge',
  scanIntro: 'Hold your badge in front of the camera.',
  cameraLabel: 'Camera picture',
  starting: 'Starting the camera…',
  cancel: 'Cancel',
  notOurBadge: 'That is not a badge of this school.',
  cameraRefused: 'The camera is not available. Ask your teacher for help, or sign in with your password.',
  pageTitle: 'Signing in with your badge',
  signingIn: 'Signing you in…',
  missing: 'This badge link is not complete. Scan your badge again.',
  again: 'Scan again',
  toSignIn: 'Go to sign in',
};
