import type { components } from '../../api/schema';

// What the View Report table shows of a roster: the rows a filter keeps, in the order a column
// header asks for. Pure functions, so the rules are tested without a page.

export type RosterEntry = components['schemas']['RosterEntry'];

export const rosterColumns = [
  'studentNumber',
  'lastName',
  'firstName',
  'grade',
  'email',
  'pinSet',
  'questionsSet',
  'passwordChangedAt',
  'mustChangePassword',
] as const;

export type RosterColumn = (typeof rosterColumns)[number];

export interface RosterSort {
  column: RosterColumn;
  direction: 'ascending' | 'descending';
}

export interface RosterFilter {
  /** Matched against the student ID, first and last name and email; accents and case ignored. */
  text: string;
  /** One grade, or undefined for any. */
  grade: number | undefined;
}

/** folded is text as a person searching means it: no accents, no case, single spaces. */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** filterRoster keeps the entries matching every word of the text filter and the grade. */
export function filterRoster(entries: readonly RosterEntry[], filter: RosterFilter): RosterEntry[] {
  const words = folded(filter.text).split(' ').filter(Boolean);
  return entries.filter((entry) => {
    if (filter.grade !== undefined && entry.grade !== filter.grade) return false;
    if (words.length === 0) return true;
    const haystack = folded(`${entry.studentNumber} ${entry.firstName} ${entry.lastName} ${entry.email}`);
    return words.every((word) => haystack.includes(word));
  });
}

type Comparable = string | number;

function keyOf(entry: RosterEntry, column: RosterColumn): Comparable {
  switch (column) {
    case 'grade':
      return entry.grade;
    case 'pinSet':
    case 'questionsSet':
    case 'mustChangePassword':
      return entry[column] ? 1 : 0;
    case 'passwordChangedAt':
      // A school-issued password still standing has no change: it sorts as the oldest.
      return entry.passwordChangedAt ? Date.parse(entry.passwordChangedAt) : Number.NEGATIVE_INFINITY;
    default:
      return entry[column];
  }
}

/**
 * sortRoster orders the entries by one column; ties keep the server's order (last name, first
 * name, student ID), so a second click reverses the column without shuffling equal rows.
 * Names sort as the page's language sorts them (accents next to their letter).
 */
export function sortRoster(entries: readonly RosterEntry[], sort: RosterSort, locale: string): RosterEntry[] {
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return entries
    .map((entry, index) => ({ entry, index, key: keyOf(entry, sort.column) }))
    .sort((a, b) => {
      const byKey =
        typeof a.key === 'string' && typeof b.key === 'string'
          ? collator.compare(a.key, b.key)
          : Number(a.key > b.key) - Number(a.key < b.key);
      return byKey * sign || a.index - b.index;
    })
    .map(({ entry }) => entry);
}

/** nextSort is the sort after a click on a column header: the same column flips, another starts ascending. */
export function nextSort(current: RosterSort | undefined, column: RosterColumn): RosterSort {
  if (current?.column === column) {
    return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  }
  return { column, direction: 'ascending' };
}
