// English is the source language: every key here must also exist in es.ts,
// which the Messages type enforces at compile time.
import { badge } from './en/badge.ts';
import { changePassword } from './en/change-password.ts';
import { district } from './en/district.ts';
import type { family } from './en/family.ts';
import { forgot } from './en/forgot.ts';
import { password } from './en/password.ts';
import { pictures } from './en/pictures.ts';
import { pictureSignIn } from './en/picture-sign-in.ts';
import { pin } from './en/pin.ts';
import { questions } from './en/questions.ts';
import type { staff } from './en/staff.ts';
import type { staffClass } from './en/staff-class.ts';
import type { staffPictures } from './en/staff-pictures.ts';
import type { staffRegen } from './en/staff-regen.ts';
import type { staffReport } from './en/staff-report.ts';
import type { staffSetup } from './en/staff-setup.ts';

// Each area of the app keeps its strings in a file of its own under en/ and es/.
export const en = {
  password,
  changePassword,
  pin,
  questions,
  forgot,
  district,
  badge,
  pictures,
  pictureSignIn,
  app: {
    name: 'Password Help',
    skipToContent: 'Skip to main content',
    loading: 'Loading…',
  },
  language: {
    label: 'Language',
    en: 'English',
    es: 'Español',
  },
  signIn: {
    title: 'Sign in',
    intro: 'Sign in with the username and password you use at school.',
    login: 'Username or school email',
    loginHint: 'For example: johns1234 or johns1234@school.org',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    forgot: 'Forgot your password?',
    familyPrompt: 'Parent or guardian?',
    familyLink: 'Go to the family portal',
    signedOut: 'You are signed out.',
    errors: {
      loginRequired: 'Type your username or school email.',
      passwordRequired: 'Type your password.',
    },
  },
  account: {
    title: 'My account',
    greeting: 'Hi, {{firstName}}!',
    username: 'Username',
    email: 'School email',
    pin: 'Recovery PIN',
    questions: 'Security questions',
    set: 'Set',
    notSet: 'Not set',
    passwordChanged: 'Password last changed',
    never: 'Not yet',
    nextSelfReset: 'Next reset with PIN or questions',
    availableNow: 'Available now',
    needsSetup: 'Set a PIN or security questions first',
    recoveryTitle: 'If you forget your password',
    recoveryIntro: 'Set a PIN or security questions now, so you can choose a new password by yourself if you forget it.',
    setPin: 'Set a PIN',
    changePin: 'Change PIN',
    setQuestions: 'Choose security questions',
    changeQuestions: 'Change questions',
    changePassword: 'Change my password',
    youngTitle: 'Forgot your password?',
    youngBody: "You can't reset your password by yourself yet. That's OK: grown-ups can help.",
    youngGuardian: 'A parent or guardian can reset it in the <link>family portal</link>.',
    youngSchool: 'Your teacher or the school office can reset it too.',
    // The page after a badge sign-in: the badge is the way in, grown-ups help with the rest.
    badgeGreeting: 'Hi, {{firstName}}! You are in.',
    badgeBody: 'You signed in with your badge. Keep your badge safe, like a key.',
    badgeHelpTitle: 'Need help?',
    badgeHelpTeacher: 'Your teacher can help you, and can give you a new badge.',
    badgeHelpFamily: 'Your family can help you at home.',
    badgeUser: 'Your name to sign in: {{username}}',
    saved: {
      pin: 'Your PIN is saved. We sent an email to your school address.',
      questions: 'Your security questions are saved. We sent an email to your school address.',
      password: 'Your password is changed. We sent an email to your school address.',
    },
    signOut: 'Sign out',
    signingOut: 'Signing out…',
    loadError: 'We could not load your account.',
    retry: 'Try again',
  },
  // A grade is said the same way on every page (PRODUCT.md, "grade").
  grades: {
    preK: 'Pre-K',
    kindergarten: 'Kindergarten',
    number: '{{grade}}',
    // A grade on its own, as in a list of grades to choose from: "Grade 3".
    named: 'Grade {{grade}}',
    postSecondary: 'Post-secondary',
    ungraded: 'Ungraded',
  },
  notFound: {
    title: 'Page not found',
    body: 'We could not find that page.',
    home: 'Go to the start page',
  },
  errors: {
    title: 'There is a problem',
    network: 'We could not reach the server. Check your internet connection and try again.',
    unknown: 'Something went wrong. Please try again.',
    tryAgainAt: 'You can try again at {{time}}.',
    tryAgainOn: 'You can try again on {{date}} at {{time}}.',
    codes: {
      invalid_credentials: 'That username or password is not right. Check them and try again.',
      sign_in_throttled: 'Too many wrong passwords. Wait a minute before you try again.',
      csrf_token_invalid: 'Your session has expired. Reload the page and try again.',
      cross_site_request: 'This request was blocked for your safety. Reload the page and try again.',
      not_signed_in: 'Please sign in again.',
      verification_failed: 'That did not match. Check what you typed and try again.',
      recovery_locked: 'Too many wrong tries. Wait 15 minutes and try again, or ask a parent, guardian or your school for help.',
      recovery_disabled: 'This way of resetting is turned off after too many wrong tries. A parent, guardian or your school can help you get back in.',
      self_reset_too_soon: 'You already reset your password by yourself recently.',
      flow_expired: 'This step took too long and has expired. Please start again.',
      self_service_not_available: 'Resetting your own password is for older students. A parent, guardian or your teacher can help you.',
      password_change_required: 'Please choose a new password first.',
      password_rules: 'That password does not follow the rules yet.',
      pin_rules: 'That PIN does not follow the rules yet.',
      question_rules: 'Some questions or answers need another look.',
      current_password_wrong: 'That is not your current password. Check it and try again.',
      body_too_large: 'That is too much text. Please shorten it and try again.',
      too_long: 'That is too long. Please shorten it and try again.',
      invalid_text: 'What you typed has a character we cannot use. Type it again (without copying) and try again.',
      email_not_verified: 'Confirm your email first: open the link we sent you. Then you can link a child.',
      access_code_invalid:
        'The student ID and the parent access code do not match. Check both on the letter from school and try again.',
      access_code_expired: 'This parent access code has expired. Ask the school for a new one.',
      access_code_used: 'This parent access code was already used. Each code works once: ask the school for a new one.',
      link_attempts_exceeded:
        "Too many tries that did not match. Linking is paused for a while to keep children's accounts safe.",
      student_is_adult: 'This student is 18 or older and manages their own account.',
      already_linked: 'This child is already linked to your account.',
      child_reset_limit: 'This password was reset too many times today.',
      link_expired: 'This link has expired or was already used.',
      verification_resend_too_soon: 'We sent you a link a moment ago. Wait a minute, then try again.',
      badge_invalid: 'This badge does not work any more. Ask your teacher for a new one.',
      badge_throttled: 'Too many tries. Wait a minute, then scan again.',
      badge_session: 'You signed in with your badge. To change this, sign in with your password or ask your teacher.',
    },
  },
} as const;

/**
 * Strings a lazy feature brings with its own code (lib/i18n.ts addStrings), so they are not
 * part of the first load: the family portal's, for parents, and the staff area's, in their chunks.
 */
export interface LazyStrings {
  family: typeof family;
  staff: typeof staff;
  staffClass: typeof staffClass;
  staffPictures: typeof staffPictures;
  staffRegen: typeof staffRegen;
  staffReport: typeof staffReport;
  staffSetup: typeof staffSetup;
}

/** Every string of the app, those of the first chunk and the lazy ones: what t() keys are checked against. */
export type English = typeof en & LazyStrings;

type Messages<T> = { readonly [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };

export type Translation = Messages<English>;
