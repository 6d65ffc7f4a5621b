import type { RegenerationCounts, RegenerationStatus } from './regen-queries.ts';

// Shared by the regeneration page tests: one district's request and what its dry run counted.

export const regenRequestId = '6f1c2a30-0000-4000-8000-000000000001';

/** regenCounts is a dry run of district 317: 7 students of grades 3 and 4 in two schools. */
export const regenCounts: RegenerationCounts = {
  total: 7,
  schools: [
    { campusCode: '317304', name: 'Lincoln Elementary', total: 5, grades: [{ grade: 3, count: 2 }, { grade: 4, count: 3 }] },
    { campusCode: '317310', name: 'Roosevelt Elementary', total: 2, grades: [{ grade: 4, count: 2 }] },
  ],
};

/** regenStatus is Dana Admin's request of regenCounts as just confirmed (queued, none done), changed by overrides. */
export function regenStatus(overrides: Partial<RegenerationStatus> = {}): RegenerationStatus {
  return {
    id: regenRequestId,
    status: 'queued',
    requestedBy: { name: 'Dana Admin', email: 'dana@riverside.example' },
    requestedAt: '2026-12-07T10:01:00Z',
    psuCode: '317',
    campusCodes: ['317304', '317310'],
    grades: [3, 4],
    alsoReset: true,
    forceChange: true,
    comments: 'Start of term',
    dryRun: regenCounts,
    total: 7,
    done: 0,
    ...overrides,
  };
}
