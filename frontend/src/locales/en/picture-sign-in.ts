// Picture sign-in for young students (features/student/picture-*.tsx): short words a child can
// follow, read aloud by a grown-up if need be. The pictures' own names are in pictures.ts.
export const pictureSignIn = {
  title: 'Sign in with my pictures',
  signInLink: 'Sign in with my pictures',
  // Without a class link: a grown-up types the class code, or an older child her username.
  classCode: 'Class code',
  classCodeHint: 'Your teacher has it. A grown-up can type it for you.',
  openClass: 'Open my class',
  opening: 'Opening your class…',
  username: 'My username',
  next: 'Next',
  or: 'Or',
  classCodeRequired: 'Type the class code.',
  usernameRequired: 'Type your username.',
  // The class page: one big button per child.
  tapYourName: 'Tap your name.',
  nobody: 'Nobody in this class has pictures yet. Ask your teacher.',
  otherWay: 'Another class, or type my username',
  // The picture step.
  tapTitle: 'Tap your 3 pictures',
  gridLabel: 'Pictures',
  progress: 'You tapped {{count}} of 3 pictures.',
  startAgain: 'Start again',
  checking: 'Checking your pictures…',
  notYou: 'Not you? Choose your name again',
  loadError: 'We could not open your class.',
  signInError: 'We could not check your pictures.',
  retry: 'Try again',
  // Refusals, in a child's words.
  wrong: 'Those are not your pictures. Try again.',
  locked: 'Your pictures are locked. Ask your teacher to unlock them.',
  throttled: 'Too many tries. Wait a minute, then try again.',
  classInvalid: 'We could not find that class. Ask your teacher for the class code.',
  // The young student's page after a picture sign-in.
  accountBody: 'You signed in with your pictures.',
  helpTeacher: 'Your teacher can help you, and can give you new pictures.',
};
