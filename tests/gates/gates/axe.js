'use strict';
// Accessibility: axe-core in headless Chromium on each page kind, in the light
// and the dark colour scheme (the site follows prefers-color-scheme), with
// every <details> opened so the text inside is checked too. WCAG 2.1 A and AA
// rules: 0 violations.

const { check, note } = require('../lib/report');
const { serve } = require('../lib/server');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Each page kind once, and a fit page and an embed card for each fit class
// (native, tight, offload, too heavy) found in a seeded order.
function pagesOf(site, seed) {
  const pages = site.singles().map(([kind, rel]) => [kind, rel]);
  pages.push(['model', site.modelPath(site.sampleOf(site.models.map((x) => x.slug), seed + 1, 1)[0])]);
  pages.push(['hardware', site.hwPath(site.sampleOf(site.hardware.map((x) => x.slug), seed + 2, 1)[0])]);
  for (const p of site.samplePairs(seed, 0, true)) {
    pages.push([`fit, ${p.fit}`, site.fitPath(p[0], p[1])]);
    pages.push([`embed, ${p.fit}`, site.embedPath(p[0], p[1])]);
  }
  return pages.filter(([, rel]) => site.has(rel));
}

async function axeOn(page, url) {
  const resp = await page.goto(url, { waitUntil: 'load' });
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const res = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    resultTypes: ['violations', 'incomplete'],
  }), TAGS);
  return { status: resp ? resp.status() : 0, res };
}

function describe(v) {
  const nodes = v.nodes.slice(0, 4).map((n) => {
    const t = n.target.join(' ');
    const why = (n.any[0] || n.all[0] || n.none[0] || {}).message || '';
    return `${t}${why ? ` (${why})` : ''}`;
  });
  return `${v.id} [${v.impact}] ${v.help}: ${nodes.join('; ')}${v.nodes.length > 4 ? `; … ${v.nodes.length - 4} more` : ''}`;
}

async function run(ctx) {
  const { browser, seed } = ctx;
  const t0 = Date.now();
  for (const site of ctx.sites) {
    const server = await serve(site.dir);
    try {
      for (const [scheme, width] of [['light', 1280], ['dark', 1280], ['light', 390]]) {
        const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
        const page = await context.newPage();
        for (const [kind, rel] of pagesOf(site, seed)) {
          const name = `axe ${site.label} ${scheme} ${width}px: ${rel}${kind !== rel ? ` (${kind})` : ''}`;
          try {
            const tp = Date.now();
            const { status, res } = await axeOn(page, server.url + site.urlPath(rel));
            if (process.env.GATES_VERBOSE) note(`${rel}: ${Date.now() - tp} ms`);
            const v = res.violations;
            check(name, v.length === 0 && status === 200,
              (status !== 200 ? `HTTP ${status}; ` : '') + `${v.length} violations: ` + v.map(describe).join(' | '));
            const inc = res.incomplete.filter((i) => i.nodes.length);
            if (inc.length) {
              note(`needs review (${rel}, ${scheme} ${width}px): ` + inc.map((i) => `${i.id} ×${i.nodes.length} (${i.nodes.slice(0, 2).map((n) => {
                const why = (n.any[0] || n.all[0] || n.none[0] || {}).message || '';
                return `${n.target.join(' ')}: ${why.slice(0, 90)}`;
              }).join('; ')})`).join(', '));
            }
          } catch (e) {
            check(name, false, e.message.split('\n')[0]);
          }
        }
        await context.close();
      }
    } finally {
      await server.close();
    }
  }
  note(`axe took ${((Date.now() - t0) / 1000).toFixed(1)} s (rules: ${TAGS.join(', ')}; axe-core ${require('axe-core/package.json').version})`);
}

module.exports = { run, pagesOf };
