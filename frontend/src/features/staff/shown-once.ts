import type { components } from '../../api/schema';
import type { PictureId } from '../../components/picture.tsx';

/** A card's badge: the QR's URL (which holds the token) and the short id printed small. */
export interface CardBadge {
  badgeId: string;
  signInUrl: string;
}

/** One student's login card: a new password, a QR badge, a picture password (in order), or some of them. */
export type CardStudent = components['schemas']['ClassResetRow'] & { badge?: CardBadge; pictures?: PictureId[] };

/** LoginCardSheet is what the printable login cards need: one card a student. */
export interface LoginCardSheet {
  schoolName: string;
  /** The class's number and name, when the cards are for one class. */
  className?: string;
  /**
   * Whose cards these are (`class:{id}` or `student:{id}`). Badges and pictures made for the
   * same class or student in this visit go on the same cards (holdCards).
   */
  source?: string;
  students: CardStudent[];
}

/** The student fields every issued secret carries, and what a card needs of them. */
type Issued = Pick<CardStudent, 'firstName' | 'lastName' | 'username' | 'grade'> & { studentId: string };

/** sheetOf is the login cards of secrets just issued, each card made by card. */
function sheetOf<T extends Issued>(
  issued: readonly T[],
  card: (item: T) => Partial<CardStudent>,
  schoolName: string,
  className?: string,
  source?: string,
): LoginCardSheet {
  return {
    schoolName,
    ...(className ? { className } : {}),
    ...(source ? { source } : {}),
    students: issued.map((item) => ({
      id: item.studentId,
      firstName: item.firstName,
      lastName: item.lastName,
      username: item.username,
      grade: item.grade,
      ...card(item),
    })),
  };
}

/** badgeCards is the login cards of badges just issued (which are shown once, as passwords are). */
export function badgeCards(
  badges: readonly components['schemas']['IssuedBadge'][],
  schoolName: string,
  className?: string,
  source?: string,
): LoginCardSheet {
  return sheetOf(badges, (b) => ({ badge: { badgeId: b.badgeId, signInUrl: b.signInUrl } }), schoolName, className, source);
}

/** pictureCards is the login cards of picture passwords just set (shown once, as badges are). */
export function pictureCards(
  issued: readonly components['schemas']['IssuedPictures'][],
  schoolName: string,
  className?: string,
  source?: string,
): LoginCardSheet {
  return sheetOf(issued, (p) => ({ pictures: [...p.pictures] }), schoolName, className, source);
}

/**
 * mergeCards puts a new sheet together with the one kept before when both are of the same
 * class or student: one card a student, with what each made (the newer badge or pictures win).
 * Otherwise the new sheet replaces the old one.
 */
export function mergeCards(previous: LoginCardSheet | undefined, next: LoginCardSheet): LoginCardSheet {
  if (!previous || !next.source || previous.source !== next.source) return next;
  const byId = new Map(previous.students.map((s) => [s.id, s]));
  for (const student of next.students) byId.set(student.id, { ...byId.get(student.id), ...student });
  const students = [...byId.values()].sort(
    (a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName) || a.id.localeCompare(b.id),
  );
  return { ...previous, ...next, students };
}

/** holdCards keeps login cards for the cards page, merged with those of the same source made before (mergeCards). */
export function holdCards(sheet: LoginCardSheet): void {
  hold('cards', mergeCards(heldFor('cards'), sheet));
}

/**
 * dropFromCards takes an ended badge or picture password off a student's kept card (a card left
 * with nothing to sign in with goes), so it is not merged onto new cards later in the visit.
 */
export function dropFromCards(studentId: string, what: 'badge' | 'pictures'): void {
  const sheet = heldFor('cards');
  if (!sheet) return;
  const students = sheet.students.flatMap((s) => {
    if (s.id !== studentId) return [s];
    const rest: CardStudent = { ...s };
    delete rest[what];
    return rest.password || rest.badge || rest.pictures ? [rest] : [];
  });
  hold('cards', { ...sheet, students });
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
