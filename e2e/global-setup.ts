import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/*
 * Global setup: unless E2E_BASE_URL names a running portal, start the real
 * server (bin/portal serve) in development mode on free loopback ports with a
 * fresh data folder, wait until /readyz answers 200, and hand its URLs to the
 * tests as E2E_BASE_URL and E2E_MAIL_URL (workers inherit the environment).
 * The returned function is Playwright's global teardown: SIGTERM, then wait.
 */

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const readyTimeoutMs = Number(process.env.E2E_READY_TIMEOUT_MS ?? 120_000);
const stopTimeoutMs = 15_000;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('could not read a free port'));
        return;
      }
      server.close(() => resolvePort(address.port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function tail(file: string, lines = 40): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitUntilReady(baseURL: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `bin/portal exited (${child.exitCode ?? child.signalCode}) before it was ready.\n--- ${logFile} ---\n${await tail(logFile)}`,
      );
    }
    try {
      const res = await fetch(`${baseURL}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(
    `bin/portal was not ready within ${readyTimeoutMs} ms (last: ${last}).\n--- ${logFile} ---\n${await tail(logFile)}`,
  );
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => {
      // It ignored SIGTERM for too long; its embedded database dies with it (Pdeathsig).
      child.kill('SIGKILL');
    }, stopTimeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** testOPClient is the portal's client at the test provider. */
const testOPClient = { id: 'portal-e2e', secret: 'e2e-client-secret' };

/** startTestOP starts bin/testop on a free loopback port and waits for its discovery document. */
async function startTestOP(dataDir: string, redirectURL: string): Promise<{ url: string; child: ChildProcess }> {
  const bin = resolve(process.env.TESTOP_BIN ?? join(repoRoot, 'bin', 'testop'));
  if (!existsSync(bin)) throw new Error(`${bin} does not exist: build it first (make build does).`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(dataDir, 'testop.log');
  const log = createWriteStream(logFile);
  const child = spawn(
    bin,
    ['-addr', `127.0.0.1:${port}`, '-client-id', testOPClient.id, '-client-secret', testOPClient.secret, '-redirect-url', redirectURL],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`bin/testop exited (${child.exitCode}).\n--- ${logFile} ---\n${await tail(logFile)}`);
    try {
      const res = await fetch(`${url}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return { url, child };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  await stop(child);
  throw new Error(`bin/testop was not ready within 20 s.\n--- ${logFile} ---\n${await tail(logFile)}`);
}

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.E2E_BASE_URL) {
    process.env.E2E_BASE_URL = process.env.E2E_BASE_URL.replace(/\/+$/, '');
    return undefined;
  }

  const bin = resolve(process.env.PORTAL_BIN ?? join(repoRoot, 'bin', 'portal'));
  const webDir = resolve(process.env.PORTAL_WEB_DIR ?? join(repoRoot, 'frontend', 'dist'));
  if (!existsSync(bin)) {
    throw new Error(`${bin} does not exist: build it first (make e2e does), or set E2E_BASE_URL.`);
  }
  if (!existsSync(join(webDir, 'index.html'))) {
    throw new Error(`${webDir}/index.html does not exist: run "npm run build" in frontend/ first.`);
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'portal-e2e-'));
  // The embedded PostgreSQL runs as an unprivileged user when we are root; it
  // must be able to traverse this folder to reach the data it owns inside.
  await chmod(dataDir, 0o755);
  // Serve a copy of the SPA: a build of frontend/ during the run (npm run build empties dist/)
  // would otherwise pull the pages' code from under the browser.
  const servedWebDir = join(dataDir, 'web');
  await cp(webDir, servedWebDir, { recursive: true });
  const logFile = join(dataDir, 'portal.log');
  const log = createWriteStream(logFile);

  const [appPort, mailPort] = [await freePort(), await freePort()];
  // The staff single sign-on provider (bin/testop, zitadel's example OP), up before the portal
  // so the portal's first sign-in finds it; sso.spec.ts adds its people (POST /test/users).
  const op = await startTestOP(dataDir, `http://127.0.0.1:${appPort}/api/v1/staff/sso/callback`);
  const env = {
    ...process.env,
    // The demo district gives the test API its school; the test API lets
    // fixtures create each test's own students (see fixtures.ts).
    PORTAL_DEMO: '1',
    PORTAL_TEST_API: '1',
    PORTAL_ADDR: `127.0.0.1:${appPort}`,
    PORTAL_DATA_DIR: dataDir,
    PORTAL_MAIL_CATCHER_ADDR: `127.0.0.1:${mailPort}`,
    PORTAL_WEB_DIR: servedWebDir,
    PORTAL_SSO_ISSUER: op.url,
    PORTAL_SSO_CLIENT_ID: testOPClient.id,
    PORTAL_SSO_CLIENT_SECRET: testOPClient.secret,
    PORTAL_SSO_EMAIL_DOMAIN: 'staff.e2e.example',
    PORTAL_SSO_LABEL: 'Test District Sign-In',
  };
  const child = spawn(bin, ['serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });

  // The portal prints the URLs it really serves on; until it does, assume the ones we asked for.
  let baseURL = `http://127.0.0.1:${appPort}`;
  let mailURL = `http://127.0.0.1:${mailPort}`;
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      log.write(line + '\n');
      const listening = /portal: listening on (https?:\/\/\S+)/.exec(line);
      if (listening?.[1]) baseURL = listening[1].replace(/\/+$/, '');
      const catcher = /mail catcher: (https?:\/\/\S+)/.exec(line);
      if (catcher?.[1]) mailURL = catcher[1].replace(/\/+$/, '');
    });
  }

  const teardown = async () => {
    await stop(child);
    await stop(op.child);
    log.end();
    if (process.env.E2E_KEEP_DATA) {
      console.log(`e2e: kept the portal's data and log in ${dataDir}`);
    } else {
      await rm(dataDir, { recursive: true, force: true });
    }
  };

  try {
    await waitUntilReady(`http://127.0.0.1:${appPort}`, child, logFile);
  } catch (error) {
    process.env.E2E_KEEP_DATA = '1';
    await teardown();
    throw error;
  }

  process.env.E2E_BASE_URL = baseURL;
  process.env.E2E_MAIL_URL = mailURL;
  process.env.E2E_OP_URL = op.url;
  console.log(`e2e: portal ${baseURL}, mail catcher ${mailURL}, log ${logFile}`);
  return teardown;
}
