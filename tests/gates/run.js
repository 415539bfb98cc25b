#!/usr/bin/env node
'use strict';
// Quality gates over built sites: valid HTML (vnu), no broken links, axe
// accessibility, browser flows with screenshots, Lighthouse scores.
//
//   node tests/gates/run.js [--fixture DIR] [--full DIR] [--only a,b] [--seed N] [--out DIR]
//
//   --fixture DIR  site built from tests/fixtures/catalog (default tests/out/gates-site)
//   --full DIR     the real site, sampled (default tests/out/full-site; "none" to leave out)
//   --only LIST    some of: vnu,links,axe,flows,lighthouse (default: all)
//   --seed N       seed of the page sample (default: random, printed; or GATES_SEED)
//   --out DIR      reports (default tests/out/gates)
//   --shots DIR    screenshots (default tests/out/screenshots)
//
// Prints "ok"/"FAIL" lines and closes with "gates: N passed, N failed"; exits
// 1 when anything failed. A gate that cannot run (no Chromium, no Java) says
// so loudly; with CI set (or GATES_REQUIRE_BROWSER=1) that is a failure.

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const GATES = ['vnu', 'links', 'axe', 'flows', 'lighthouse'];
const BROWSER_GATES = new Set(['axe', 'flows', 'lighthouse']);

function args() {
  const a = { fixture: 'tests/out/gates-site', full: 'tests/out/full-site', only: GATES, seed: null, out: 'tests/out/gates',
    shots: 'tests/out/screenshots' };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    const k = v[i];
    const val = () => {
      if (i + 1 >= v.length) usage(`${k} needs a value`);
      return v[++i];
    };
    if (k === '--fixture') a.fixture = val();
    else if (k === '--full') a.full = val();
    else if (k === '--only') a.only = val().split(',').filter(Boolean);
    else if (k === '--seed') a.seed = val();
    else if (k === '--out') a.out = val();
    else if (k === '--shots') a.shots = val();
    else if (k === '-h' || k === '--help') usage(null);
    else usage(`unknown argument ${k}`);
  }
  for (const g of a.only) if (!GATES.includes(g)) usage(`unknown gate ${g} (gates: ${GATES.join(', ')})`);
  return a;
}

function usage(err) {
  const text = fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 18).map((l) => l.replace(/^\/\/ ?/, '')).join('\n');
  (err ? console.error : console.log)((err ? `gates: ${err}\n` : '') + text);
  process.exit(err ? 2 : 0);
}

async function main() {
  const a = args();
  const t0 = Date.now();
  const truthy = (x) => x && x !== '0' && x !== 'false';
  const requireAll = truthy(process.env.CI) || truthy(process.env.GATES_REQUIRE_BROWSER);
  let report;
  try {
    report = require('./lib/report');
    for (const m of ['htmlparser2', 'vnu-jar', 'axe-core', 'playwright-core', 'lighthouse/package.json']) require.resolve(m);
  } catch (e) {
    console.log(`FAIL gate dependencies installed: ${e.message.split('\n')[0]}`);
    console.log('     run: make gates-deps   (or: cd tests/gates && npm ci --ignore-scripts)');
    console.log('gates: 0 passed, 1 failed');
    process.exit(1);
  }
  const { check, section, note, skip, summary } = report;
  const { Site } = require('./lib/site');
  const { chromiumPath, launch } = require('./lib/browser');

  const seed = a.seed !== null ? Number(a.seed) : process.env.GATES_SEED ? Number(process.env.GATES_SEED)
    : Math.floor(Math.random() * 1e9);
  console.log(`gates: seed ${seed} (repeat this sample with GATES_SEED=${seed})`);

  const sites = [];
  const abs = (p) => path.resolve(ROOT, p);
  for (const [label, dir] of [['fixture', a.fixture], ['full', a.full]]) {
    if (dir === 'none') continue;
    const ok = fs.existsSync(path.join(abs(dir), 'index.html')) && fs.existsSync(path.join(abs(dir), 'api', 'index.json'));
    if (check(`${label} site is built (${dir})`, ok, 'no index.html or api/index.json: build it first (make gates)')) {
      const s = new Site(abs(dir), label);
      sites.push(s);
      note(`${label}: ${s.models.length} models × ${s.hardware.length} hardware, ${s.files.length} files, base_url ${s.baseUrl}`);
    }
  }
  const ctx = {
    sites, seed, root: ROOT, requireAll,
    outDir: abs(a.out),
    screenshotDir: abs(a.shots),
    browser: null,
  };
  fs.mkdirSync(ctx.outDir, { recursive: true });
  const wantBrowser = a.only.some((g) => BROWSER_GATES.has(g));
  let browserProblem = null;
  if (wantBrowser && sites.length) {
    if (!chromiumPath()) {
      browserProblem = `no Chromium at ${process.env.CHROMIUM || '/usr/bin/chromium'}`;
    } else {
      try {
        ctx.browser = await launch();
        note(`browser: Chromium ${ctx.browser.version()} (${chromiumPath()})`);
      } catch (e) {
        browserProblem = `Chromium does not start: ${e.message.split('\n')[0]}`;
      }
    }
  }
  try {
    for (const g of a.only) {
      if (!sites.length) break;
      section(g);
      const tg = Date.now();
      if (BROWSER_GATES.has(g) && browserProblem) {
        skip(g, browserProblem, 'apt-get install -y chromium (make gates-deps does it as root)', requireAll);
        continue;
      }
      try {
        await require(`./gates/${g}`).run(ctx);
      } catch (e) {
        check(`${g} gate ran to the end`, false, e.stack ? e.stack.split('\n').slice(0, 4).join(' / ') : String(e));
      }
      note(`${g}: ${((Date.now() - tg) / 1000).toFixed(1)} s`);
    }
  } finally {
    if (ctx.browser) await ctx.browser.close().catch(() => {});
  }
  const c = summary();
  console.log(`\ngates took ${((Date.now() - t0) / 1000).toFixed(0)} s (seed ${seed})`);
  console.log(`gates: ${c.passed} passed, ${c.failed} failed`);
  process.exitCode = c.failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('gates: 0 passed, 1 failed');
  process.exit(1);
});
