import type { components } from '../../api/schema';

/** A card's badge: the QR's URL (which holds the token) and the short id printed small. */
export interface CardBadge {
  badgeId: string;
  signInUrl: string;
}

/** One student's login card: a new password, a QR badge, or both. */
export type CardStudent = components['schemas']['ClassResetRow'] & { badge?: CardBadge };

/** LoginCardSheet is what the printable login cards need: one card a student. */
export interface LoginCardSheet {
  schoolName: string;
  /** The class's number and name, when the cards are for one class. */
  className?: string;
  students: CardStudent[];
}

/** badgeCards is the login cards of badges just issued (which are shown once, as passwords are). */
export function badgeCards(
  badges: readonly components['schemas']['IssuedBadge'][],
  schoolName: string,
  className?: string,
): LoginCardSheet {
  return {
    schoolName,
    ...(className ? { className } : {}),
    students: badges.map((b) => ({
      id: b.studentId,
      firstName: b.firstName,
      lastName: b.lastName,
      username: b.username,
      grade: b.grade,
      badge: { badgeId: b.badgeId, signInUrl: b.signInUrl },
    })),
  };
}

/** What each printable page can be handed. */
interface ShownOnce {
  cards: LoginCardSheet;
  letters: components['schemas']['AccessCodeBatch'];
}

// New passwords, badges and access codes are shown once: they live in this module's memory only,
// never in storage, the URL or history state, so a reload or another tab finds nothing and
// the print pages say so. Opening a print page from the result hands them over here.
const held = new Map<keyof ShownOnce, unknown>();

/** hold keeps a result for the print page of its kind, replacing the one kept before. */
export function hold<K extends keyof ShownOnce>(kind: K, value: ShownOnce[K]): void {
  held.set(kind, value);
}

/** heldFor returns the result kept for a print page, if any. */
export function heldFor<K extends keyof ShownOnce>(kind: K): ShownOnce[K] | undefined {
  return held.get(kind) as ShownOnce[K] | undefined;
}

/** forget drops every kept result (on sign-out). */
export function forget(): void {
  held.clear();
}
