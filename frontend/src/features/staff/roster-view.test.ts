import { describe, expect, it } from 'vitest';
import { filterRoster, nextSort, sortRoster, type RosterEntry } from './roster-view.ts';

function entry(studentNumber: string, lastName: string, firstName: string, grade: number, extra: Partial<RosterEntry> = {}): RosterEntry {
  return {
    studentNumber,
    lastName,
    firstName,
    grade,
    email: `${firstName.toLowerCase()}${studentNumber.slice(-4)}@riverside.example`,
    pinSet: false,
    questionsSet: false,
    mustChangePassword: false,
    ...extra,
  };
}

// In the server's order: last name, first name, student ID.
const roster = [
  entry('204815733', 'López', 'Maya', 4, { pinSet: true, passwordChangedAt: '2026-03-04T15:00:00Z' }),
  entry('204815001', 'Lopez', 'Ana', -1, { mustChangePassword: true }),
  entry('204815999', 'Nguyen', 'Ángel', 10, { questionsSet: true, passwordChangedAt: '2026-01-02T08:00:00Z' }),
  entry('204815120', 'Ortiz', 'Leo', 4, { pinSet: true, passwordChangedAt: '2026-05-01T08:00:00Z' }),
];
const ids = (entries: RosterEntry[]) => entries.map((e) => e.studentNumber);

describe('filterRoster', () => {
  it.each([
    ['nothing: everyone', '', undefined, ['204815733', '204815001', '204815999', '204815120']],
    ['a last name without its accent and in capitals', 'LOPEZ', undefined, ['204815733', '204815001']],
    ['an accented first name typed plain', 'angel', undefined, ['204815999']],
    ['every word must match, in any field', 'lopez maya', undefined, ['204815733']],
    ['a part of a student ID', '815120', undefined, ['204815120']],
    ['an email', 'ana5001@', undefined, ['204815001']],
    ['a grade', '', 4, ['204815733', '204815120']],
    ['pre-K (-1) is a grade like another', '', -1, ['204815001']],
    ['a grade and a name together', 'ortiz', 4, ['204815120']],
    ['nothing matches', 'zzz', undefined, []],
  ])('%s', (_, text, grade, want) => {
    expect(ids(filterRoster(roster, { text, grade }))).toEqual(want);
  });
});

describe('sortRoster', () => {
  it.each([
    ['grade ascending: numbers, pre-K first', 'grade', 'ascending', ['204815001', '204815733', '204815120', '204815999']],
    ['grade descending: equal grades keep the server order', 'grade', 'descending', ['204815999', '204815733', '204815120', '204815001']],
    ['first name, accents next to their letter', 'firstName', 'ascending', ['204815001', '204815999', '204815120', '204815733']],
    ['last name: López and Lopez are equal, so the server order stays', 'lastName', 'ascending', ['204815733', '204815001', '204815999', '204815120']],
    ['student ID', 'studentNumber', 'ascending', ['204815001', '204815120', '204815733', '204815999']],
    ['PIN set: no before yes', 'pinSet', 'ascending', ['204815001', '204815999', '204815733', '204815120']],
    ['must change, descending: yes first', 'mustChangePassword', 'descending', ['204815001', '204815733', '204815999', '204815120']],
    ['last change: a school-issued password (none) is the oldest', 'passwordChangedAt', 'ascending', ['204815001', '204815999', '204815733', '204815120']],
  ] as const)('%s', (_, column, direction, want) => {
    expect(ids(sortRoster(roster, { column, direction }, 'en'))).toEqual(want);
  });

  it('does not change the list it is given', () => {
    const before = ids(roster);
    sortRoster(roster, { column: 'grade', direction: 'descending' }, 'en');
    expect(ids(roster)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('starts a new column ascending and flips the same column', () => {
    const first = nextSort(undefined, 'grade');
    expect(first).toEqual({ column: 'grade', direction: 'ascending' });
    const second = nextSort(first, 'grade');
    expect(second).toEqual({ column: 'grade', direction: 'descending' });
    expect(nextSort(second, 'grade')).toEqual(first);
    expect(nextSort(second, 'email')).toEqual({ column: 'email', direction: 'ascending' });
  });
});
