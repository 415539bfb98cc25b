'use strict';
// Valid HTML: the Nu Html Checker (vnu.jar from the vnu-jar package, run with
// the machine's Java) over every page kind of the fixture site and a seeded
// sample of the full site, plus the stylesheet and the favicon.

const { spawnSync } = require('child_process');
const path = require('path');
const { check, note, skip } = require('../lib/report');

function javaOk() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return r.status === 0;
}

function runVnu(args, files) {
  const jar = String(require('vnu-jar'));
  // vnu prints its JSON report on stderr
  const r = spawnSync('java', ['-Xss1024k', '-jar', jar, '--format', 'json', '--exit-zero-always', ...args, ...files],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  let out;
  try {
    out = JSON.parse(r.stderr || r.stdout);
  } catch (e) {
    throw new Error(`vnu did not print JSON (exit ${r.status}): ${(r.stderr || r.stdout).slice(0, 500)}`);
  }
  const byFile = new Map(files.map((f) => [path.resolve(f), []]));
  for (const m of out.messages) {
    let f = m.url ? decodeURIComponent(m.url.replace(/^file:(\/\/)?/, '')) : '';
    if (f && !f.startsWith('/')) f = '/' + f;
    if (!byFile.has(f)) byFile.set(f, []);
    byFile.get(f).push(m);
  }
  return byFile;
}

function describe(m) {
  const where = m.lastLine ? `line ${m.lastLine}${m.firstColumn ? ':' + m.firstColumn : ''}` : '';
  const extract = m.extract ? ` «${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}»` : '';
  return `${where} ${m.message}${extract}`.trim();
}

// Every page once per kind, up to 8 model and 8 hardware pages (all of them
// in the fixture), and the fit page and embed card of a seeded sample of pairs
// that covers every fit class.
function pagesOf(site, seed) {
  const pages = site.singles().map(([kind, rel]) => [kind, rel]);
  for (const m of site.sampleOf(site.models.map((x) => x.slug), seed + 1, 8)) pages.push(['model', site.modelPath(m)]);
  for (const h of site.sampleOf(site.hardware.map((x) => x.slug), seed + 2, 8)) pages.push(['hardware', site.hwPath(h)]);
  for (const p of site.samplePairs(seed, site.label === 'fixture' ? 6 : 16, true)) {
    pages.push([`fit${p.fit ? ', ' + p.fit : ''}`, site.fitPath(p[0], p[1])]);
    pages.push([`embed${p.fit ? ', ' + p.fit : ''}`, site.embedPath(p[0], p[1])]);
  }
  return pages.filter(([, rel]) => site.has(rel));
}

async function run(ctx) {
  const { sites, seed, root } = ctx;
  if (!javaOk()) {
    skip('vnu (valid HTML)', 'java is not installed',
      'apt-get install -y default-jre-headless (make gates-deps does it as root)', ctx.requireAll);
    return;
  }
  const jobs = [];
  for (const site of sites) {
    for (const [label, rel] of pagesOf(site, seed)) {
      jobs.push({ name: `vnu ${site.label}: ${rel}${label !== rel ? ` (${label})` : ''}`, file: site.abs(rel) });
    }
  }
  const t0 = Date.now();
  const results = runVnu(['--also-check-css', '--also-check-svg'], jobs.map((j) => j.file));
  let warnings = 0;
  const distinct = new Map(); // warning message → [count, first file]
  for (const j of jobs) {
    const msgs = results.get(path.resolve(j.file)) || [];
    const errors = msgs.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    const warns = msgs.filter((m) => m.type === 'info' && m.subType === 'warning');
    warnings += warns.length;
    for (const w of warns) {
      const d = distinct.get(w.message) || [0, `${path.relative(root, j.file)} ${describe(w)}`];
      d[0]++;
      distinct.set(w.message, d);
    }
    check(j.name, errors.length === 0, `${errors.length} errors: ` + errors.slice(0, 8).map(describe).join(' | '));
  }
  // warnings do not fail the gate; each distinct one is listed once
  for (const [, [n, first]] of distinct) note(`vnu warning ×${n}, first: ${first}`);
  const css = path.join(root, 'static', 'site.css');
  const svg = path.join(root, 'static', 'favicon.svg');
  const r2 = runVnu(['--css'], [css]);
  const cssErr = (r2.get(css) || []).filter((m) => m.type === 'error');
  check('vnu static/site.css', cssErr.length === 0, cssErr.slice(0, 8).map(describe).join(' | '));
  const r3 = runVnu(['--svg'], [svg]);
  const svgErr = (r3.get(svg) || []).filter((m) => m.type === 'error');
  check('vnu static/favicon.svg', svgErr.length === 0, svgErr.slice(0, 8).map(describe).join(' | '));
  note(`vnu checked ${jobs.length} pages, the stylesheet and the favicon in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${warnings} warnings`);
}

module.exports = { run, pagesOf };
