'use strict';
// What a person does, in a real browser against a local static server on
// 127.0.0.1: pick a model and a hardware entry on the home page by typing,
// switch the quantization on a fit page, copy commands and the embed snippet,
// put the embed card in an iframe on another site and follow its link, and
// read every page kind with JavaScript disabled. Also: no script errors or
// failed requests, no horizontal scrolling on a phone, and screenshots of the
// main page kinds at 1280 and 390 pixels wide in tests/out/screenshots/.

const fs = require('fs');
const path = require('path');
const { check, note } = require('../lib/report');
const { serve } = require('../lib/server');

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

// The shortest text a person could type that the picker resolves to exactly
// this entry (as picker.js does: exact name or slug, else a unique substring).
function typedQuery(entries, target) {
  const hay = entries.map((e) => [e.slug, e.name.toLowerCase()]);
  const resolves = (t) => {
    let exact = null;
    const partial = [];
    for (const [slug, name] of hay) {
      if (name === t || slug === t) exact = slug;
      else if (name.includes(t) || slug.includes(t)) partial.push(slug);
    }
    return exact || (partial.length === 1 ? partial[0] : null);
  };
  const words = target.name.split(/\s+/);
  const cands = [];
  for (let i = 0; i < words.length; i++) {
    for (let j = i + 1; j <= words.length; j++) cands.push(words.slice(i, j).join(' '));
  }
  cands.sort((a, b) => a.length - b.length);
  for (const c of cands) {
    if (c.length >= 3 && c.toLowerCase() !== target.name.toLowerCase() && resolves(c.toLowerCase()) === target.slug) return c;
  }
  return target.name.toLowerCase();
}

// Pages that record script errors, console errors and failed requests.
async function watched(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`script error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console error: ${m.text()}`); });
  page.on('requestfailed', (r) => {
    const why = r.failure() ? r.failure().errorText : '';
    // ERR_ABORTED: the page navigated away while a request was still running
    if (!/ERR_ABORTED/.test(why)) page.problems.push(`request failed: ${r.url()} ${why}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) page.problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return page;
}

// Serve URLs under the site's base_url (canonical links, embed snippets) from
// the built folder, as if the site were deployed there.
async function routeBase(context, site) {
  if (!site.baseUrl) return;
  await context.route(`${site.baseUrl}/**`, async (route) => {
    const u = new URL(route.request().url());
    const base = new URL(site.baseUrl + '/');
    let rel = decodeURIComponent(u.pathname.slice(base.pathname.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = site.abs(rel);
    if (!site.has(rel)) return route.fulfill({ status: 404, body: 'not found', contentType: 'text/plain' });
    const ext = path.extname(file);
    const type = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.json': 'application/json' }[ext] || 'application/octet-stream';
    return route.fulfill({ status: 200, body: fs.readFileSync(file), contentType: type });
  });
}

async function pickerFlow(browser, site, server, seed) {
  const rand = require('../lib/site').rng(seed + 7);
  const m = site.models[Math.floor(rand() * site.models.length)];
  const h = site.hardware[Math.floor(rand() * site.hardware.length)];
  const mq = typedQuery(site.models, m);
  const hq = typedQuery(site.hardware, h);
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await watched(context);
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    const nOpts = await page.evaluate(() => [document.querySelectorAll('#model-options option').length,
      document.querySelectorAll('#hw-options option').length]);
    check(`flow picker: the datalists offer every model and hardware entry (${nOpts.join(' and ')})`,
      nOpts[0] === site.models.length && nOpts[1] === site.hardware.length);
    await page.locator('#pick-model').pressSequentially(mq);
    await page.locator('#pick-hw').pressSequentially(hq);
    await Promise.all([page.waitForURL(`**/${m.slug}/on/${h.slug}/`, { timeout: 10000 }), page.locator('#pick-hw').press('Enter')]);
    const h1 = await page.locator('h1').innerText();
    const eyebrow = await page.locator('.eyebrow').innerText();
    check(`flow picker: typing "${mq}" and "${hq}" then Enter lands on ${m.slug}/on/${h.slug}/`,
      eyebrow.toLowerCase().includes(m.name.toLowerCase()) && eyebrow.toLowerCase().includes(h.name.toLowerCase()) && h1.length > 0,
      `eyebrow "${eyebrow}"`);
    // the same with the button, and an unknown name
    await page.goto(server.url, { waitUntil: 'load' });
    await page.locator('#pick-model').pressSequentially('zzzz no such model');
    await page.locator('#pick-hw').pressSequentially(hq);
    await page.getByRole('button', { name: 'Check the fit' }).click();
    const err = page.locator('#pick-err');
    await err.waitFor({ state: 'visible', timeout: 5000 }).catch(() => {});
    const errText = (await err.isVisible()) ? await err.innerText() : '';
    check('flow picker: an unknown model shows an error and stays on the home page',
      errText.length > 0 && new URL(page.url()).pathname === '/', `error "${errText}", at ${page.url()}`);
    check('flow picker: no script errors or failed requests', page.problems.length === 0, page.problems.join('; '));
  } catch (e) {
    check('flow picker', false, e.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

async function quantFlow(browser, site, server, pair) {
  const [m, h] = pair;
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await watched(context);
  const name = `flow quantization: ${m}/on/${h}/`;
  try {
    await page.goto(server.url + site.urlPath(site.fitPath(m, h)), { waitUntil: 'load' });
    const data = JSON.parse(await page.locator('#quant-data').textContent());
    const rec = await page.locator('tr.rec').getAttribute('data-q').catch(() => null);
    const before = (await page.locator('[data-f="quant"]').first().innerText()).trim();
    const names = Object.keys(data);
    const other = names.find((q) => q !== before && data[q].total !== data[before].total) || names.find((q) => q !== before);
    if (!other) {
      note(`${name}: only one quantization, nothing to switch`);
      return;
    }
    // a keyboard user: focus the row's button and press Enter
    await page.locator(`button.qsel[data-q="${other}"]`).focus();
    await page.keyboard.press('Enter');
    const fields = ['quant', 'total', 'usable', 'decode', 'ttft', 'safe_context', 'offload_pct'];
    const got = {};
    for (const f of fields) got[f] = (await page.locator(`[data-f="${f}"]`).first().innerText()).trim();
    const grade = (await page.locator('[data-f="grade"] .grade').innerText()).trim();
    const bad = fields.filter((f) => got[f] !== String(data[other][f]));
    if (grade !== data[other].grade) bad.push(`grade ${grade} != ${data[other].grade}`);
    const selRow = await page.locator('table.quants tbody tr.sel').getAttribute('data-q').catch(() => null);
    check(`${name}: selecting ${other} (headline was ${before}${rec ? `, recommended ${rec}` : ''}) updates every headline figure`,
      bad.length === 0 && selRow === other,
      `wrong: ${bad.map((f) => `${f}: "${got[f]}" != "${data[other][f]}"`).join(', ')}; selected row ${selRow}`);
    const pressed = await page.locator(`button.qsel[data-q="${other}"]`).getAttribute('aria-pressed');
    check(`${name}: the selected quantization's button says so to screen readers (aria-pressed)`, pressed === 'true', `aria-pressed=${pressed}`);
    await page.locator(`button.qsel[data-q="${before}"]`).click();
    const back = (await page.locator('[data-f="total"]').innerText()).trim();
    check(`${name}: selecting ${before} again restores the headline`, back === data[before].total, `${back} != ${data[before].total}`);
    check(`${name}: no script errors or failed requests`, page.problems.length === 0, page.problems.join('; '));
  } catch (e) {
    check(name, false, e.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

async function copyFlow(browser, site, server, pair) {
  const [m, h] = pair;
  const context = await browser.newContext({ viewport: DESKTOP });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const page = await watched(context);
  const name = `flow copy: ${m}/on/${h}/`;
  try {
    await page.goto(server.url + site.urlPath(site.fitPath(m, h)), { waitUntil: 'load' });
    const buttons = page.locator('button.copy');
    const n = await buttons.count();
    const bad = [];
    for (let i = 0; i < n; i++) {
      const b = buttons.nth(i);
      const want = await b.getAttribute('data-copy');
      await page.evaluate(() => navigator.clipboard.writeText(''));
      await b.click();
      await page.waitForFunction((el) => el.textContent === 'Copied', await b.elementHandle(), { timeout: 3000 }).catch(() => {});
      const label = await b.innerText();
      const got = await page.evaluate(() => navigator.clipboard.readText());
      if (got !== want || label !== 'Copied') bad.push(`button ${i + 1}: label "${label}", clipboard ${JSON.stringify(got.slice(0, 80))}`);
    }
    check(`${name}: each of the ${n} copy buttons puts its text on the clipboard and says "Copied"`, n > 0 && bad.length === 0,
      n === 0 ? 'no copy buttons' : bad.join('; '));
    check(`${name}: no script errors or failed requests`, page.problems.length === 0, page.problems.join('; '));
  } catch (e) {
    check(name, false, e.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

async function embedFlow(browser, site, server, pair, shots) {
  const [m, h] = pair;
  const name = `flow embed: ${m}-on-${h}`;
  const fitHtml = fs.readFileSync(site.abs(site.fitPath(m, h)), 'utf8');
  const { decodeEntities } = require('../lib/site');
  const snippet = [...fitHtml.matchAll(/data-copy="([^"]*)"/g)].map((x) => decodeEntities(x[1])).find((x) => x.startsWith('<iframe'));
  if (!snippet) {
    check(`${name}: the fit page offers an embed snippet`, false);
    return;
  }
  const host = '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>A blog post embedding a Fit Atlas card</title><style>body{font:16px/1.5 Georgia,serif;max-width:40rem;margin:2rem auto;padding:0 1rem;background:#f4f1ea}iframe{max-width:100%}</style></head>' +
    `<body><h1>My local LLM box</h1><p>Here is how the model fits on my hardware:</p>\n${snippet}\n<p>More text after the card.</p></body></html>`;
  // the host page lives on another origin than the card (which loads from base_url)
  const hostServer = await serve(fs.mkdtempSync(path.join(require('os').tmpdir(), 'fit-host-')), { files: { '/host.html': host } });
  try {
    for (const [label, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const context = await browser.newContext({ viewport });
      await routeBase(context, site);
      const page = await watched(context);
      await page.goto(hostServer.url + 'host.html', { waitUntil: 'load' });
      const iframe = page.locator('iframe');
      await iframe.scrollIntoViewIfNeeded();
      const frame = await (await iframe.elementHandle()).contentFrame();
      await frame.waitForLoadState('load');
      const info = await frame.evaluate(() => {
        const over = [];
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width && (r.right > innerWidth + 1 || r.bottom > innerHeight + 1)) over.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}`);
        }
        return { h1: (document.querySelector('h1') || {}).textContent || '', w: innerWidth, h: innerHeight, over };
      });
      check(`${name} (${label}): the card renders inside an iframe on another site`,
        info.h1.includes(site.models.find((x) => x.slug === m).name), `h1 "${info.h1}"`);
      check(`${name} (${label}): everything on the card fits its ${info.w}×${info.h} frame`, info.over.length === 0,
        `overflowing: ${info.over.join(', ')}`);
      if (shots) await page.screenshot({ path: path.join(shots, `embed-${viewport.width}.png`), fullPage: true });
      if (label === 'desktop') {
        const link = frame.locator('a');
        await Promise.all([page.waitForURL(`${site.baseUrl}/${m}/on/${h}/`, { timeout: 10000 }), link.click()]);
        const eyebrow = await page.locator('.eyebrow').innerText().catch(() => '');
        check(`${name}: the card's link opens the full page in the top window`,
          page.url() === `${site.baseUrl}/${m}/on/${h}/` && eyebrow.length > 0, `at ${page.url()}`);
      }
      check(`${name} (${label}): no script errors or failed requests`, page.problems.length === 0, page.problems.join('; '));
      await context.close();
    }
  } catch (e) {
    check(name, false, e.message.split('\n')[0]);
  } finally {
    await hostServer.close();
  }
}

// Every page kind without JavaScript: the content is in the HTML.
async function noJsFlow(browser, site, server, pair) {
  const [m, h] = pair;
  const context = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
  const page = await context.newPage();
  const count = (sel) => page.locator(sel).count();
  const nM = site.models.length;
  const nH = site.hardware.length;
  const cases = [
    ['home', 'index.html', async () => {
      const a = await count('#models-h ~ ul a, section[aria-labelledby="models-h"] ul a');
      const b = await count('section[aria-labelledby="hw-h"] ul a');
      return [a === nM && b === nH && (await count('#picker input')) === 2, `${a} model links, ${b} hardware links`];
    }],
    ['models index', 'models/index.html', async () => { const r = await count('#models-table tbody tr'); return [r === nM, `${r} rows`]; }],
    ['hardware index', 'hardware/index.html', async () => { const r = await count('#hw-table tbody tr'); return [r === nH, `${r} rows`]; }],
    ['methodology', 'methodology/index.html', async () => { const t = (await page.locator('main').innerText()).length; return [t > 2000, `${t} characters`]; }],
    ['model', site.modelPath(m), async () => { const r = await count('#rank-table tbody tr'); return [r === nH, `${r} hardware rows`]; }],
    ['hardware', site.hwPath(h), async () => {
      const r = await count('section[aria-labelledby="native-h"] tbody tr') + await count('section[aria-labelledby="offload-h"] li') +
        await count('section[aria-labelledby="reach-h"] li');
      return [r === nM, `${r} model entries`];
    }],
    ['fit', site.fitPath(m, h), async () => {
      const data = JSON.parse(await page.locator('#quant-data').textContent());
      const rows = await count('table.quants tbody tr');
      const dds = await page.locator('.headline dd').allInnerTexts();
      const word = (await page.locator('#verdict-h .word').innerText()).trim();
      const ids = await page.evaluate(() => ['memory', 'quants', 'workloads', 'limits', 'context', 'feel', 'run', 'upgrades', 'faq', 'embed']
        .filter((id) => !document.getElementById(id)));
      const faq = await count('#faq details');
      return [rows === Object.keys(data).length && dds.every((t) => t.trim()) && word && !ids.length && faq > 0,
        `${rows} quant rows of ${Object.keys(data).length}, verdict "${word}", empty headline figures ${dds.filter((t) => !t.trim()).length}, missing sections ${ids}, ${faq} questions`];
    }],
    ['embed', site.embedPath(m, h), async () => {
      const t = await page.locator('body').innerText();
      return [t.includes(site.models.find((x) => x.slug === m).name) && (await count('a[target="_top"]')) === 1, t.slice(0, 80)];
    }],
  ];
  for (const [kind, rel, test] of cases) {
    try {
      const resp = await page.goto(server.url + site.urlPath(rel), { waitUntil: 'load' });
      const [ok, detail] = await test();
      check(`flow no JavaScript: ${kind} page has its content (${rel})`, ok && resp.status() === 200, detail);
    } catch (e) {
      check(`flow no JavaScript: ${kind} page has its content (${rel})`, false, e.message.split('\n')[0]);
    }
  }
  await context.close();
}

async function tableFlow(browser, site, server) {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await watched(context);
  try {
    await page.goto(server.url + 'models/', { waitUntil: 'load' });
    const target = site.models[site.models.length - 1];
    await page.locator('input[data-filter="models-table"]').fill(target.name);
    const visible = await page.locator('#models-table tbody tr:visible').count();
    check(`flow table: filtering the models table by "${target.name}" leaves its row`, visible >= 1 && visible <= site.models.length &&
      (await page.locator('#models-table tbody tr:visible th a').first().innerText()).includes(target.name), `${visible} rows visible`);
    await page.locator('input[data-filter="models-table"]').fill('');
    await page.locator('#models-table thead th').nth(3).locator('button').click();
    const sortState = await page.locator('#models-table thead th').nth(3).getAttribute('aria-sort');
    const vals = await page.$$eval('#models-table tbody tr td[data-v]:first-of-type', (tds) => tds.map((td) => parseFloat(td.getAttribute('data-v'))));
    const sorted = vals.every((v, i) => i === 0 || vals[i - 1] <= v);
    check('flow table: sorting by parameters orders the rows and sets aria-sort', sortState === 'ascending' && sorted, `aria-sort=${sortState}`);
    check('flow table: no script errors or failed requests', page.problems.length === 0, page.problems.join('; '));
  } catch (e) {
    check('flow table', false, e.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

async function feelFlow(browser, site, server, pair) {
  const [m, h] = pair;
  const context = await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' });
  const page = await watched(context);
  try {
    await page.goto(server.url + site.urlPath(site.fitPath(m, h)), { waitUntil: 'load' });
    const before = await page.locator('#feel-out').innerText();
    await page.locator('#feel-go').click();
    const after = await page.locator('#feel-out').innerText();
    check(`flow "how fast it feels": Play shows the sample answer (reduced motion: at once) on ${m}/on/${h}/`,
      after !== before && after.length > 40, after.slice(0, 80));
  } catch (e) {
    check('flow "how fast it feels"', false, e.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

// Lazy iframes (the embed preview) load only near the viewport, and a
// full-page screenshot does not scroll: scroll down once and wait for them.
async function loadLazy(page) {
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForTimeout(200);
  for (const f of page.frames()) await f.waitForLoadState('load', { timeout: 5000 }).catch(() => {});
  await page.evaluate(() => window.scrollTo(0, 0));
}

// The embed card at its two real sizes (400 px, and 358 px when a phone
// page caps the iframe at 100% width), for the pair with the longest names
// and one pair per fit class: nothing may stick out of the 180 px frame.
async function embedSizes(browser, site, server, seed) {
  const longest = [];
  const len = (m, h) => m.name.length + h.name.length;
  let best = null;
  for (const m of site.models) for (const h of site.hardware) if (!best || len(m, h) > len(best[0], best[1])) best = [m, h];
  longest.push([best[0].slug, best[1].slug]);
  longest[0].fit = 'longest names';
  const pairs = longest.concat(site.samplePairs(seed, 0, true));
  for (const width of [400, 358]) {
    const context = await browser.newContext({ viewport: { width, height: 180 } });
    const page = await context.newPage();
    const bad = [];
    for (const p of pairs) {
      await page.goto(server.url + site.urlPath(site.embedPath(p[0], p[1])), { waitUntil: 'load' });
      const over = await page.evaluate(() => {
        const out = [];
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width && (r.right > innerWidth - 1 || r.bottom > innerHeight - 1)) out.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''));
        }
        return out;
      });
      if (over.length) bad.push(`${p[0]}-on-${p[1]} (${p.fit}): ${over.join(', ')}`);
    }
    check(`flow embed: cards of ${pairs.length} pairs (${pairs.map((p) => p.fit).join(', ')}) fit a ${width}×180 frame`, bad.length === 0, bad.join('; '));
    await context.close();
  }
}

// Each page kind with scripts on: no errors; on a phone no sideways scrolling;
// and the screenshots.
async function pageKinds(browser, site, server, pair, shots) {
  const [m, h] = pair;
  const kinds = [
    ['home', 'index.html', true], ['models', 'models/index.html', false], ['hardware-index', 'hardware/index.html', false],
    ['methodology', 'methodology/index.html', false], ['404', '404.html', false],
    ['model', site.modelPath(m), true], ['hardware', site.hwPath(h), true], ['fit', site.fitPath(m, h), true],
  ];
  for (const [label, viewport, scheme] of [['desktop', DESKTOP, 'light'], ['phone', PHONE, 'light'], ['desktop-dark', DESKTOP, 'dark']]) {
    const context = await browser.newContext({ viewport, colorScheme: scheme });
    const page = await watched(context);
    for (const [kind, rel, shoot] of kinds) {
      page.problems.length = 0;
      try {
        await page.goto(server.url + site.urlPath(rel), { waitUntil: 'load' });
        if (label === 'desktop') check(`page ${kind} (${rel}): no script errors or failed requests`, page.problems.length === 0, page.problems.join('; '));
        if (label === 'phone') {
          const sw = await page.evaluate(() => document.documentElement.scrollWidth);
          check(`page ${kind} (${rel}): no sideways scrolling at ${viewport.width} px`, sw <= viewport.width, `page is ${sw} px wide`);
        }
        if (shoot && shots) {
          await loadLazy(page);
          const suffix = label === 'desktop-dark' ? `${viewport.width}-dark` : `${viewport.width}`;
          await page.screenshot({ path: path.join(shots, `${kind}-${suffix}.png`), fullPage: true });
        }
      } catch (e) {
        check(`page ${kind} (${rel}) ${label}`, false, e.message.split('\n')[0]);
      }
    }
    await context.close();
  }
}

// A seeded pair that runs natively with at least two quantizations whose
// memory differs, so switching the quantization has something to show.
function flowPair(site, seed) {
  for (const p of site.samplePairs(seed, 400, false)) {
    try {
      if (site.api(p[0], p[1]).fit !== 'native') continue;
      const html = fs.readFileSync(site.abs(site.fitPath(p[0], p[1])), 'utf8');
      const m = html.match(/<script type="application\/json" id="quant-data">([\s\S]*?)<\/script>/);
      const q = m ? JSON.parse(m[1]) : {};
      if (new Set(Object.values(q).map((x) => x.total)).size >= 2) return p;
    } catch (e) { /* try the next pair */ }
  }
  return null;
}

async function run(ctx) {
  const { browser, seed } = ctx;
  const site = ctx.sites.find((s) => s.label !== 'fixture') || ctx.sites[0];
  const shots = ctx.screenshotDir;
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  const t0 = Date.now();
  // the fit page for the flows: a seeded pair that runs (so the quantization
  // switch and the commands have something to show); the screenshots also
  // show an offloading pair when there is one
  const byFit = site.samplePairs(seed, 0, true);
  const runs = flowPair(site, seed) || byFit[0];
  const server = await serve(site.dir);
  try {
    note(`flows on the ${site.label} site, fit page ${runs[0]}/on/${runs[1]}/`);
    await pickerFlow(ctx.browser, site, server, seed);
    await quantFlow(browser, site, server, runs);
    await copyFlow(browser, site, server, runs);
    await embedFlow(browser, site, server, runs, shots);
    await embedSizes(browser, site, server, seed);
    await noJsFlow(browser, site, server, runs);
    await tableFlow(browser, site, server);
    await feelFlow(browser, site, server, runs);
    await pageKinds(browser, site, server, runs, shots);
    const off = byFit.find((p) => p.fit === 'offload' || p.fit === 'too_heavy');
    if (off) {
      const context = await browser.newContext({ viewport: PHONE });
      const page = await context.newPage();
      await page.goto(server.url + site.urlPath(site.fitPath(off[0], off[1])), { waitUntil: 'load' });
      await page.screenshot({ path: path.join(shots, `fit-${off.fit}-390.png`), fullPage: true });
      await context.close();
    }
  } finally {
    await server.close();
  }
  const n = fs.readdirSync(shots).length;
  note(`${n} screenshots in ${path.relative(process.cwd(), shots)}; flows took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

module.exports = { run, typedQuery, flowPair };
