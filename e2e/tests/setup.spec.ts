import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import JSZip from 'jszip';
import { expect, test } from '../fixtures.ts';
import { expectNoHorizontalScroll, heading } from '../flows.ts';
import { enrolAuthenticator, staffPassword } from '../staff-flows.ts';

/*
 * District setup: a district admin uploads a OneRoster zip, sees its errors by file, row and
 * column, then a fixed one, its plan, applies it and sees it applied. The portal under test runs
 * the demo district, whose seed carries the demo OneRoster set's sourcedIds, and an import
 * retires the roster people absent from the set: so the zip is the demo set as shipped
 * (backend/internal/roster/testdata/demo) plus one school, one class, its teacher and three
 * students of this spec's own (campus code and sourcedIds made here), so nothing of the demo is
 * retired and the other specs' people are left alone. A district applies one import at a time:
 * this is the only spec that applies one.
 */

const demoDir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../backend/internal/roster/testdata/demo');
const demoFiles = ['manifest.csv', 'orgs.csv', 'academicSessions.csv', 'courses.csv', 'classes.csv', 'users.csv', 'enrollments.csv'] as const;
type DemoFile = (typeof demoFiles)[number];

/** What this spec adds to the demo set: a school of its own with one class, its teacher and 3 students. */
function additions(suffix: string, grade: string): Partial<Record<DemoFile, string[]>> {
  const campus = `E2${suffix}`;
  const org = `org-${campus}`;
  const course = `course-${campus}-301`;
  const klass = `class-${campus}-301`;
  const teacher = `staff-setup-${suffix}`;
  const students = [1, 2, 3].map((n) => ({
    id: `student-setup-${suffix}-${n}`,
    username: `setup${suffix}s${n}`,
    number: `8${suffix}000${n}`,
    name: ['Ada', 'Bo', 'Cy'][n - 1] ?? 'Dee',
  }));
  return {
    'orgs.csv': [`${org},,,Setup Spec School ${suffix},school,${campus},org-317`],
    'courses.csv': [`${course},,,year-2026,Grade 3,301,03,${org},,`],
    'classes.csv': [`${klass},,,Class 3-01,03,${course},301,homeroom,,${org},year-2026,,,`],
    'users.csv': [
      `${teacher},,,true,${org},teacher,setup-${suffix}@riverside.example,,Tess,Setup,,,setup-${suffix}@riverside.example,,,,,`,
      ...students.map(
        (s) => `${s.id},,,true,${org},student,${s.username},,${s.name},Setup,,${s.number},${s.username}@students.riverside.example,,,,${grade},`,
      ),
    ],
    'enrollments.csv': [
      `enr-${klass}-${teacher},,,${klass},${org},${teacher},teacher,true,,`,
      ...students.map((s) => `enr-${klass}-${s.id},,,${klass},${org},${s.id},student,false,,`),
    ],
  };
}

/** rosterZip is the demo set with this spec's rows appended to each file, as a zip. */
async function rosterZip(extra: Partial<Record<DemoFile, string[]>>): Promise<Buffer> {
  const zip = new JSZip();
  for (const name of demoFiles) {
    const text = (await readFile(join(demoDir, name), 'utf8')).trimEnd();
    const rows = extra[name] ?? [];
    zip.file(name, [text, ...rows].join('\n') + '\n');
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** demoRows is how many lines a demo file has, its header included. */
async function demoRows(name: DemoFile): Promise<number> {
  return (await readFile(join(demoDir, name), 'utf8')).trimEnd().split('\n').length;
}

/** tableRows is a table's rows as cell texts. */
async function tableRows(page: Page, name: string): Promise<string[][]> {
  const table = page.getByRole('table', { name });
  await expect(table).toBeVisible();
  return table.locator('tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('th, td')).map((c) => c.textContent?.trim() ?? '')));
}

async function upload(page: Page, name: string, zip: Buffer): Promise<void> {
  await page.getByLabel('OneRoster file (.zip)').setInputFiles({ name, mimeType: 'application/zip', buffer: zip });
  const check = page.getByRole('button', { name: 'Check the file' });
  await check.focus();
  await page.keyboard.press('Enter');
}

test('a district admin checks a OneRoster zip with an error, then a fixed one, and applies it', async ({ page, createStaff, checkPage }) => {
  test.setTimeout(180_000);
  // The same suffix on a retry (the port of this run's portal), so a retry after an applied
  // first attempt brings the same school again instead of retiring its people.
  const suffix = String(1000 + (Number(new URL(process.env.E2E_BASE_URL ?? 'http://x:1').port) % 9000));
  const added = (n: string) => (test.info().retry > 0 ? ['0', n] : [n]);
  const admin = await createStaff({ role: 'district_admin', title: 'Point of Contact' });

  await test.step('the district admin opens District setup from the staff navigation', async () => {
    await staffPassword(page, admin);
    await enrolAuthenticator(page);
    await page.getByRole('navigation', { name: 'Staff area' }).getByRole('link', { name: 'District setup' }).click();
    await expect(heading(page)).toHaveText('District setup');
    await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Roster (OneRoster)', 'Directory write-back', 'Staff sign-in (single sign-on)']);
    await expect(page.getByLabel('OneRoster file (.zip)')).toHaveAccessibleDescription(/at most 64 MiB/);
    await checkPage('setup-page');
  });

  await test.step('a set with a bad grade is refused, naming users.csv, its row and the column', async () => {
    await upload(page, `bad-${suffix}.zip`, await rosterZip(additions(suffix, '14')));
    await expect(page.getByRole('heading', { level: 3, name: 'The file has errors' })).toBeFocused();
    // The header is row 1, the demo's rows follow, then the teacher, then the first student.
    const row = String((await demoRows('users.csv')) + 2);
    const rows = await tableRows(page, 'Errors in the file, by file, row and column');
    expect(rows[0]).toEqual(['File', 'Row', 'Column', 'Problem']);
    const bad = rows.slice(1).filter(([file, , column]) => file === 'users.csv' && column === 'grades');
    expect(bad.map(([, r]) => r)).toEqual([row, String(Number(row) + 1), String(Number(row) + 2)]);
    expect(bad[0]?.[3]).toContain('14');
    await expect(page.getByRole('button', { name: 'Apply this import' })).toHaveCount(0);
    await checkPage('setup-errors');
  });

  await test.step('the fixed set adds the school, its class, its teacher and 3 students, and retires nobody', async () => {
    await upload(page, `roster-${suffix}.zip`, await rosterZip(additions(suffix, '03')));
    await expect(page.getByRole('heading', { level: 3, name: 'What this import would change' })).toBeFocused();
    const plan = await tableRows(page, 'What applying the import would change, per file');
    expect(plan[0]).toEqual(['File', 'Added', 'Changed', 'Retired', 'Unchanged']);
    const byFile = Object.fromEntries(plan.slice(1).map(([file, add, , retired]) => [file, { add, retired }]));
    // A retry after an applied first attempt finds the spec's rows there already.
    for (const [file, count] of [['orgs.csv', '1'], ['classes.csv', '1'], ['users.csv', '4'], ['enrollments.csv', '4']] as const) {
      // users.csv: the teacher and the 3 students; enrollments.csv: theirs in the class.
      expect(added(count)).toContain(byFile[file]?.add);
      expect(byFile[file]?.retired).toBe('0');
    }
    await expect(page.getByText('Nobody would be retired.')).toBeVisible();
    await checkPage('setup-plan');
  });

  await test.step('applying asks first, then follows the import until it is applied', async () => {
    const apply = page.getByRole('button', { name: 'Apply this import' });
    await apply.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Apply this import now?')).toBeFocused();
    await checkPage('setup-apply-question');
    await page.getByRole('button', { name: 'Yes, apply it' }).click();
    await expect(page.getByText('The import is applied: the district now matches the file.')).toBeVisible({ timeout: 60_000 });
    const history = await tableRows(page, 'Past roster imports, newest first');
    expect(history[1]?.slice(1, 4)).toEqual([`${admin.firstName} ${admin.lastName}`, `Upload (roster-${suffix}.zip)`, 'Applied']);
    await checkPage('setup-applied');
  });

  await test.step('the page works at phone width', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await expectNoHorizontalScroll(page);
  });
});
