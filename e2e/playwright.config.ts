import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium.ts';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  // Starts bin/portal on free ports unless E2E_BASE_URL points at a running portal;
  // it returns the teardown that stops it.
  globalSetup: './global-setup.ts',
  // Every test makes its own students, so tests of one file may run side by side.
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  // Two browsers at once is what a two-core machine gains from; more only queue.
  workers: 2,
  // The long flows visit a dozen pages, each scanned by axe and photographed.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: './playwright-report', open: 'never' }]],
  use: {
    // Set here when given; otherwise global setup sets it before the workers start.
    baseURL: process.env.E2E_BASE_URL,
    screenshot: 'on',
    trace: 'retain-on-failure',
    locale: 'en-US',
    timezoneId: 'America/New_York',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath,
          args: chromiumArgs,
        },
      },
    },
  ],
});
