import { describe, expect, it } from 'vitest';
import casesJson from '../../../backend/internal/policy/testdata/password-cases.json?raw';
import {
  checkPassword,
  loadCommonList,
  loadedCommonListOrNull,
  normalizePassword,
  parseCommonList,
  passwordRules,
  type PasswordRule,
} from './password-rules.ts';

interface SharedCase {
  name: string;
  password: string;
  username: string;
  names: string[];
  want: PasswordRule[];
}

// The server's verdicts: backend/internal/policy/cases_test.go checks CheckPassword against the same file.
const cases = JSON.parse(casesJson) as SharedCase[];

describe('checkPassword agrees with the server', () => {
  it('has the shared cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const failing = new Set(cases.flatMap((c) => c.want));
    expect([...passwordRules].filter((rule) => !failing.has(rule))).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const common = await loadCommonList();
    expect(checkPassword(c.password, { username: c.username, names: c.names }, common)).toEqual(c.want);
  });

  it('skips the common rule until the list is loaded', () => {
    for (const c of cases) {
      expect(checkPassword(c.password, { username: c.username, names: c.names }, null)).toEqual(
        c.want.filter((rule) => rule !== 'common'),
      );
    }
  });
});

describe('loadCommonList', () => {
  it('loads the server list once and caches it', async () => {
    const first = loadCommonList();
    expect(loadCommonList()).toBe(first);
    const list = await first;
    expect(loadedCommonListOrNull()).toBe(list);
    expect(list.has('password1')).toBe(true);
    expect(list.has('sunnytiger47')).toBe(false);
  });
});

describe('parseCommonList', () => {
  const list = parseCommonList('# a comment line\r\nsunshine1\r\n1qazxsw2\ntree\nsuperman\n\n#dragonfly\n');

  it('matches entries of 8 or more characters whole', () => {
    expect(list.has('sunshine1')).toBe(true);
    expect(list.has('superman')).toBe(true);
    expect(list.has('tree')).toBe(false);
  });

  it('matches bases of 5 or more characters with digits and symbols around them', () => {
    expect(list.has('sunshine2024!')).toBe(true);
    expect(list.has('!!sunshine')).toBe(true);
    expect(list.has('qazxsw')).toBe(true);
    expect(list.has('1qazxsw99')).toBe(true);
    expect(list.has('tree123')).toBe(false);
    expect(list.has('sunshine-tree')).toBe(false);
  });

  it('ignores comment lines', () => {
    expect(list.has('dragonfly')).toBe(false);
    expect(list.has('# a comment line')).toBe(false);
  });
});

describe('normalizePassword', () => {
  it('is NFKC', () => {
    expect(normalizePassword('Ｐａｓｓ１ﬁ')).toBe('Pass1fi');
    expect(normalizePassword('e\u0301')).toBe('é');
  });

  it('inserts U+034F after 30 combining marks, as Go does', () => {
    expect(normalizePassword('a' + '\u0301'.repeat(31))).toBe('á' + '\u0301'.repeat(29) + '\u034f\u0301');
    expect(normalizePassword('a' + '\u0301'.repeat(30))).toBe('á' + '\u0301'.repeat(29));
  });

  it('leaves characters newer than the server alone', () => {
    expect(normalizePassword('e\u{1acf}\u0301')).toBe('e\u{1acf}\u0301'.normalize('NFC'));
  });
});
