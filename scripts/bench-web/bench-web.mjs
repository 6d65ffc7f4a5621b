#!/usr/bin/env node
// The web benchmarks of `make bench` (issue "Student pages"), run by
// scripts/bench-web.sh against a portal it started:
//   4. initial JavaScript: gzip size of every JS file that frontend/dist/index.html
//      loads before the first render (its module scripts, their modulepreloads and
//      any static import among them), against ≤ 150 KB; lazy route chunks listed apart;
//   5. Lighthouse on the sign-in page (/), the account page (/account, signed in
//      through a session cookie sent with every request), the family sign-in page
//      (/family) and the family dashboard (/family/children, the demo guardian with
//      a linked child, through the family cookie): performance ≥ 0.95 and
//      accessibility = 1 with Lighthouse's default config (mobile emulation,
//      simulated throttling), the median of --runs runs; the desktop preset once,
//      for information.
// Prints every figure with its target and PASS/MISS, the failing audits when a
// target is missed, and writes the results as JSON (--out). The full Lighthouse
// reports of the runs that count go to --reports. A missed target still exits 0;
// only a failure to measure exits non-zero.
//
// Usage: node bench-web.mjs --base http://127.0.0.1:PORT --demo-child STUDENT-ID --dist frontend/dist
//        [--out bench-web-results.json] [--reports bench-web-reports] [--runs 3]
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { cpus, hostname, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// Targets of the issue. KB are 1000 bytes (as MB are 10^6 bytes in portal-bench).
const initialJSTargetKB = 150;
const performanceTarget = 0.95;
const accessibilityTarget = 1;

const chromeFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const demoStudent = { login: 'mayag2024', password: 'Orchard-Lamp-73' };
const demoGuardian = { email: 'parent@family.example', password: 'Family-Demo-2026x' };
// The demo access code of Amara Johnson, whose student ID bench-web.sh reads from the
// server's banner (--demo-child): the demo guardian links her so the dashboard shows a child.
const demoAccessCode = 'RVRK-7P9Q-X2MH';

function parseArgs(argv) {
  const o = { out: 'bench-web-results.json', reports: 'bench-web-reports', runs: 3, desktop: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--base': o.base = next().replace(/\/+$/, ''); break;
      case '--demo-child': o.demoChildId = next(); break;
      case '--dist': o.dist = next(); break;
      case '--out': o.out = next(); break;
      case '--reports': o.reports = next(); break;
      case '--runs': o.runs = Number(next()); break;
      case '--no-desktop': o.desktop = false; break;
      case '--only': o.only = next(); break; // "js" or "lighthouse"
      case '-h': case '--help':
        console.log('usage: bench-web.mjs --base URL --demo-child ID --dist DIR [--out FILE] [--reports DIR] [--runs N] [--no-desktop] [--only js|lighthouse]');
        process.exit(0);
      default: throw new Error(`unknown argument ${a}`);
    }
  }
  if (!o.dist) throw new Error('--dist is required');
  if (o.only !== 'js' && !o.base) throw new Error('--base is required');
  if (o.only !== 'js' && !o.demoChildId) throw new Error('--demo-child (the demo child\'s student ID) is required');
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs wants a whole number ≥ 1');
  return o;
}

// --- results, in the shape of bench-results.json ---

class Bench {
  constructor(name) {
    this.name = name;
    this.figures = [];
    this.info = [];
    this.details = {};
  }
  ref(name, value, unit, note) {
    this.figures.push({ name, value, unit, ...(note ? { note } : {}) });
  }
  atMost(name, value, unit, limit, note) {
    this.figures.push({ name, value, unit, target: `≤ ${fmt(limit)} ${unit}`.trim(), pass: value <= limit, ...(note ? { note } : {}) });
  }
  atLeast(name, value, unit, limit, note) {
    this.figures.push({ name, value, unit, target: `≥ ${fmt(limit)} ${unit}`.trim(), pass: value >= limit, ...(note ? { note } : {}) });
  }
  line(s) {
    this.info.push(s);
  }
  print() {
    for (const f of this.figures) {
      let target = '(reference)', verdict = '';
      if (f.pass !== undefined) {
        target = `target ${f.target}`;
        verdict = f.pass ? 'PASS' : 'MISS';
      }
      console.log(`   ${f.name.padEnd(44)} ${fmt(f.value).padStart(12)} ${f.unit.padEnd(5)}  ${target.padEnd(22)} ${verdict}`);
      if (f.note) console.log(`   ${''.padEnd(44)}   ${f.note}`);
    }
    for (const l of this.info) console.log(`   · ${l}`);
    if (this.error) console.log(`   ERROR: ${this.error}`);
  }
  toJSON() {
    return { name: this.name, figures: this.figures, details: this.details, info: this.info, ...(this.error ? { error: this.error } : {}) };
  }
}

function fmt(v) {
  if (v >= 1000) return Math.round(v).toLocaleString('en-US');
  if (v >= 100) return v.toFixed(0);
  if (v >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

const kb = (bytes) => bytes / 1000;

// --- 4. initial JavaScript ---

async function initialJS(dist) {
  const b = new Bench('4. Initial JavaScript (gzip)');
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
  const attr = (tag, name) => tag.match(new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i'))?.[1];
  const referenced = [];
  for (const tag of tags) {
    let url;
    if (/^<script/i.test(tag)) url = attr(tag, 'src');
    else if ((attr(tag, 'rel') ?? '').toLowerCase().split(/\s+/).includes('modulepreload')) url = attr(tag, 'href');
    if (url && !/^[a-z]+:|^\/\//i.test(url)) referenced.push(url.replace(/^\.?\//, '').split(/[?#]/)[0]);
  }
  if (referenced.length === 0) throw new Error(`${join(dist, 'index.html')} references no script`);

  // Static imports of those files load before the first render too, preloaded or
  // not; dynamic import() (the lazy routes) does not.
  const initial = new Map(); // path in dist → { raw, gzip, via }
  const queue = referenced.map((p) => ({ p, via: 'index.html' }));
  while (queue.length > 0) {
    const { p, via } = queue.shift();
    if (initial.has(p)) continue;
    const data = await readFile(join(dist, p));
    initial.set(p, { raw: data.length, gzip: gzipSync(data).length, via });
    const code = data.toString('utf8');
    for (const m of code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      const dep = join(dirname(p), m[1]);
      if (!initial.has(dep)) queue.push({ p: dep, via: `static import in ${p}` });
    }
  }
  const all = (await readdir(join(dist, 'assets'))).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const lazy = [];
  for (const p of all.filter((p) => !initial.has(p)).sort()) {
    const data = await readFile(join(dist, p));
    lazy.push({ file: p, raw: data.length, gzip: gzipSync(data).length });
  }
  const total = [...initial.values()].reduce((s, f) => s + f.gzip, 0);
  const totalRaw = [...initial.values()].reduce((s, f) => s + f.raw, 0);
  b.atMost('initial JavaScript, gzip', kb(total), 'KB', initialJSTargetKB,
    `${initial.size} files (script + modulepreload of index.html), ${fmt(kb(totalRaw))} KB before gzip; KB = 1000 bytes, gzip level 6`);
  for (const [p, f] of initial) {
    b.line(`initial ${basename(p)}: ${fmt(kb(f.gzip))} KB gzip (${fmt(kb(f.raw))} KB raw)${f.via === 'index.html' ? '' : `, ${f.via}, not preloaded`}`);
  }
  for (const f of lazy) b.line(`lazy    ${basename(f.file)}: ${fmt(kb(f.gzip))} KB gzip (${fmt(kb(f.raw))} KB raw)`);
  b.details = {
    initial: [...initial].map(([file, f]) => ({ file, rawBytes: f.raw, gzipBytes: f.gzip, via: f.via })),
    lazy: lazy.map((f) => ({ file: f.file, rawBytes: f.raw, gzipBytes: f.gzip })),
    initialGzipBytes: total,
    initialRawBytes: totalRaw,
  };
  return b;
}

// --- 5. Lighthouse ---

// signIn signs in at a session path and returns the session cookie's value and the CSRF
// token.
async function signIn(base, path, credentials, cookieName) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(credentials),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`sign in at ${path}: HTTP ${res.status} ${body.trim()}`);
  for (const c of res.headers.getSetCookie()) {
    const m = c.match(new RegExp(`^${cookieName}=([^;]+)`));
    if (m) return { cookie: m[1], csrf: JSON.parse(body).csrfToken };
  }
  throw new Error(`sign in at ${path}: no ${cookieName} cookie in the answer`);
}

// linkDemoChild links the demo child to the demo guardian (once: a second run of the
// benchmark finds her linked already), so the dashboard shows a child.
async function linkDemoChild(base, family, studentId) {
  const res = await fetch(`${base}/api/v1/family/children`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Cookie: `portal_family=${family.cookie}`,
      'X-CSRF-Token': family.csrf,
    },
    body: JSON.stringify({ studentId, accessCode: demoAccessCode }),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status !== 201 && res.status !== 409) {
    throw new Error(`link the demo child: HTTP ${res.status} ${(await res.text()).trim()}`);
  }
}

// lighthouseRun runs Lighthouse once, again (up to 3 tries) when the run
// itself fails, as it now and then does on a busy machine (NO_NAVSTART, a
// Chrome that did not start).
async function lighthouseRun(url, opts, retries) {
  for (let attempt = 1; ; attempt++) {
    try {
      await lighthouseOnce(url, opts);
      const lhr = JSON.parse(await readFile(opts.outPath, 'utf8'));
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      return lhr;
    } catch (err) {
      if (attempt >= 3) throw err;
      retries.push(`${url}${opts.desktop ? ' (desktop)' : ''}: try ${attempt} failed, run again: ${String(err.message).split('\n').filter(Boolean).pop()}`);
    }
  }
}

function lighthouseOnce(url, { desktop, headersFile, outPath }) {
  const cli = join(here, 'node_modules', 'lighthouse', 'cli', 'index.js');
  const args = [
    cli, url,
    '--quiet',
    '--output=json',
    `--output-path=${outPath}`,
    '--only-categories=performance,accessibility',
    `--chrome-flags=${chromeFlags.join(' ')}`,
    '--no-enable-error-reporting',
    ...(headersFile ? [`--extra-headers=${headersFile}`] : []),
    ...(desktop ? ['--preset=desktop'] : []),
  ];
  return new Promise((done, fail) => {
    execFile(process.execPath, args, { env: process.env, timeout: 180_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) fail(new Error(`lighthouse ${url}${desktop ? ' (desktop)' : ''}: ${err.message}\n${stderr.trim().split('\n').slice(-15).join('\n')}`));
      else done();
    });
  });
}

function summarize(lhr) {
  const a = lhr.audits;
  const metric = (id) => ({ value: a[id]?.numericValue ?? null, score: a[id]?.score ?? null, display: a[id]?.displayValue ?? '' });
  return {
    performance: lhr.categories.performance?.score ?? null,
    accessibility: lhr.categories.accessibility?.score ?? null,
    metrics: {
      FCP: metric('first-contentful-paint'),
      LCP: metric('largest-contentful-paint'),
      TBT: metric('total-blocking-time'),
      CLS: metric('cumulative-layout-shift'),
      SI: metric('speed-index'),
    },
    finalUrl: lhr.finalDisplayedUrl ?? lhr.finalUrl,
    benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
    warnings: lhr.runWarnings ?? [],
    runtimeError: lhr.runtimeError?.message,
  };
}

// Audits that cost the performance score: metrics below full marks, then
// opportunities and diagnostics that fail, largest estimated saving first.
function performanceFindings(lhr) {
  const out = [];
  for (const ref of lhr.categories.performance.auditRefs) {
    const au = lhr.audits[ref.id];
    if (!au || au.score === null || au.score >= 0.9 || au.scoreDisplayMode === 'notApplicable' || au.scoreDisplayMode === 'informative' && !au.details?.overallSavingsMs) continue;
    if (au.scoreDisplayMode === 'manual') continue;
    const savingsMs = au.metricSavings ? Math.max(0, ...Object.values(au.metricSavings).filter((v) => typeof v === 'number')) : (au.details?.overallSavingsMs ?? 0);
    out.push({
      id: au.id, title: au.title, score: au.score, display: au.displayValue ?? '', weight: ref.weight ?? 0,
      savingsMs, savingsBytes: au.details?.overallSavingsBytes ?? 0,
    });
  }
  out.sort((x, y) => y.weight - x.weight || y.savingsMs - x.savingsMs || y.savingsBytes - x.savingsBytes);
  return out;
}

function accessibilityFindings(lhr) {
  const out = [];
  for (const ref of lhr.categories.accessibility.auditRefs) {
    const au = lhr.audits[ref.id];
    if (!au || au.score === null || au.score >= 1 || ref.weight === 0) continue;
    const nodes = (au.details?.items ?? []).slice(0, 3).map((it) => it.node?.snippet ?? it.node?.selector ?? '').filter(Boolean);
    out.push({ id: au.id, title: au.title, weight: ref.weight, nodes });
  }
  out.sort((x, y) => y.weight - x.weight);
  return out;
}

async function lighthouse(o) {
  const b = new Bench('5. Lighthouse (default config: mobile emulation, simulated throttling)');
  const work = await mkdtemp(join(tmpdir(), 'portal-bench-web-lh-'));
  try {
    const student = await signIn(o.base, '/api/v1/session', demoStudent, 'portal_session');
    const headersFile = join(work, 'headers.json');
    await writeFile(headersFile, JSON.stringify({ Cookie: `portal_session=${student.cookie}` }), { mode: 0o600 });
    const family = await signIn(o.base, '/api/v1/family/session', demoGuardian, 'portal_family');
    await linkDemoChild(o.base, family, o.demoChildId);
    const familyHeaders = join(work, 'family-headers.json');
    await writeFile(familyHeaders, JSON.stringify({ Cookie: `portal_family=${family.cookie}` }), { mode: 0o600 });
    const pages = [
      { key: 'sign-in', name: 'sign-in page', path: '/', headers: null },
      { key: 'account', name: 'account page', path: '/account', headers: headersFile, expectApi: '/api/v1/me/account' },
      { key: 'family-sign-in', name: 'family sign-in page', path: '/family', headers: null },
      {
        key: 'family-children', name: 'family dashboard', path: '/family/children', headers: familyHeaders,
        expectApi: '/api/v1/family/children',
      },
    ];
    await mkdir(o.reports, { recursive: true });
    b.details.pages = {};
    const retries = [];
    const load0 = loadavg()[0];
    b.details.settings = { runs: o.runs, chromeFlags, chrome: process.env.CHROME_PATH, lighthouse: await lighthouseVersion() };
    for (const page of pages) {
      const url = o.base + page.path;
      const runs = [];
      for (let i = 0; i < o.runs; i++) {
        const outPath = join(work, `${page.key}-mobile-${i + 1}.json`);
        const lhr = await lighthouseRun(url, { desktop: false, headersFile: page.headers, outPath }, retries);
        checkRun(lhr, page);
        runs.push({ lhr, outPath, s: summarize(lhr) });
      }
      // The median run by performance score is the one that counts.
      const sorted = [...runs].sort((x, y) => x.s.performance - y.s.performance);
      const med = sorted[Math.floor((sorted.length - 1) / 2)];
      await copyFile(med.outPath, join(o.reports, `${page.key}-mobile.report.json`));
      const perfs = runs.map((r) => r.s.performance);
      const a11ys = runs.map((r) => r.s.accessibility);
      const m = med.s.metrics;
      b.atLeast(`${page.name} ${page.path}: performance`, med.s.performance, '', performanceTarget,
        `median of ${runs.length} (${perfs.map((p) => p.toFixed(2)).join(', ')}); FCP ${m.FCP.display}, LCP ${m.LCP.display}, TBT ${m.TBT.display}, CLS ${m.CLS.display}, SI ${m.SI.display}`);
      const minA11y = Math.min(...a11ys);
      b.atLeast(`${page.name} ${page.path}: accessibility`, minA11y, '', accessibilityTarget,
        runs.length > 1 ? `lowest of ${runs.length} (${a11ys.map((p) => p.toFixed(2)).join(', ')})` : '');
      const detail = { url, mobile: { median: med.s, runs: runs.map((r) => r.s) } };
      if (med.s.performance < performanceTarget) {
        const f = performanceFindings(med.lhr);
        detail.performanceFindings = f;
        for (const x of f.slice(0, 8)) b.line(`${page.name} performance: ${x.id} — ${x.title}${x.display ? ` (${x.display})` : ''}`);
      }
      const worstA11y = runs.find((r) => r.s.accessibility === minA11y);
      if (minA11y < accessibilityTarget) {
        const f = accessibilityFindings(worstA11y.lhr);
        detail.accessibilityFindings = f;
        for (const x of f.slice(0, 8)) b.line(`${page.name} accessibility: ${x.id} — ${x.title}${x.nodes.length ? `: ${x.nodes.join(' | ')}` : ''}`);
      }
      for (const w of med.s.warnings) b.line(`${page.name} Lighthouse warning: ${w}`);
      if (o.desktop) {
        const outPath = join(work, `${page.key}-desktop.json`);
        const lhr = await lighthouseRun(url, { desktop: true, headersFile: page.headers, outPath }, retries);
        checkRun(lhr, page);
        await copyFile(outPath, join(o.reports, `${page.key}-desktop.report.json`));
        const s = summarize(lhr);
        const dm = s.metrics;
        b.ref(`${page.name} ${page.path}: performance, desktop`, s.performance, '',
          `--preset=desktop, one run; accessibility ${s.accessibility.toFixed(2)}; FCP ${dm.FCP.display}, LCP ${dm.LCP.display}, TBT ${dm.TBT.display}`);
        detail.desktop = s;
      }
      b.details.pages[page.key] = detail;
    }
    const bi = Object.values(b.details.pages).map((p) => p.mobile.median.benchmarkIndex).filter(Boolean);
    if (bi.length) b.line(`Lighthouse benchmarkIndex of this machine: ${bi.map((x) => Math.round(x)).join(', ')} (the simulated throttling slows a typical desktop ≈ 4×)`);
    for (const r of retries) b.line(`retried ${r}`);
    const load = Math.max(load0, loadavg()[0]);
    b.details.loadAverage = load;
    if (load > cpus().length) {
      b.line(`WARNING: the machine was busy (1-minute load average ${load.toFixed(1)} on ${cpus().length} cores): ` +
        'Total Blocking Time and the performance scores are worse than on a quiet machine');
      b.details.machineBusy = true;
    }
    b.line(`full reports of the runs that count: ${o.reports}/`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return b;
}

// checkRun refuses a run that did not measure the page it was meant to.
function checkRun(lhr, page) {
  if (lhr.runtimeError) throw new Error(`${page.path}: Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  const final = new URL(lhr.finalDisplayedUrl ?? lhr.finalUrl);
  if (final.pathname !== page.path) throw new Error(`${page.path}: the page ended on ${final.pathname} (not signed in?)`);
  if (page.expectApi) {
    const reqs = lhr.audits['network-requests']?.details?.items ?? [];
    const api = reqs.filter((r) => new URL(r.url).pathname === page.expectApi);
    if (!api.some((r) => r.statusCode === 200)) {
      throw new Error(`${page.path}: no 200 answer to GET ${page.expectApi} during the run (${api.map((r) => r.statusCode).join(', ') || 'not requested'}): the session cookie did not reach the server`);
    }
  }
}

async function lighthouseVersion() {
  try {
    return JSON.parse(await readFile(join(here, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

// --- main ---

async function main() {
  const o = parseArgs(process.argv.slice(2));
  o.dist = resolve(o.dist);
  const report = {
    started: new Date().toISOString(),
    host: { hostname: hostname(), numCPU: cpus().length, node: process.version },
    server: o.base ? { url: o.base } : undefined,
    settings: { runs: o.runs, desktop: o.desktop, dist: o.dist },
    benchmarks: [],
  };
  const steps = [];
  if (o.only !== 'lighthouse') steps.push(['4. Initial JavaScript (gzip)', () => initialJS(o.dist)]);
  if (o.only !== 'js') steps.push(['5. Lighthouse', () => lighthouse(o)]);
  for (const [name, run] of steps) {
    console.log(`\n== ${name}`);
    let b;
    try {
      b = await run();
    } catch (err) {
      b = new Bench(name);
      b.error = err instanceof Error ? err.message : String(err);
    }
    b.print();
    report.benchmarks.push(b.toJSON());
  }
  report.finished = new Date().toISOString();
  let passed = 0, missed = 0, errors = 0;
  for (const b of report.benchmarks) {
    if (b.error) errors++;
    for (const f of b.figures) if (f.pass !== undefined) f.pass ? passed++ : missed++;
  }
  Object.assign(report, { passed, missed, errors, allTargetsMet: missed === 0 && errors === 0 });
  await writeFile(o.out, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nbench-web: ${passed} targets met, ${missed} missed${errors ? `, ${errors} of the benchmarks could not be measured` : ''}; results in ${o.out}`);
  return errors > 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (err) => {
  console.error(`bench-web: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
