'use strict';
// What a built site holds: its files, its page kinds, and seeded samples of
// its pairs, so every gate looks at the same pages for a given seed.

const fs = require('fs');
const path = require('path');

function walk(dir, rel, out) {
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(dir, r, out);
    else out.push(r);
  }
  return out;
}

function decodeEntities(s) {
  return s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// mulberry32: small, fast, good enough to pick pages reproducibly.
function rng(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(list, rand) {
  const a = list.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

class Site {
  constructor(dir, label) {
    this.dir = path.resolve(dir);
    this.label = label;
    this.files = walk(this.dir, '', []).sort();
    this.fileSet = new Set(this.files);
    const idx = JSON.parse(fs.readFileSync(path.join(this.dir, 'api/index.json'), 'utf8'));
    this.models = idx.m.map(([slug, name]) => ({ slug, name }));
    this.hardware = idx.h.map(([slug, name]) => ({ slug, name }));
    const home = fs.readFileSync(path.join(this.dir, 'index.html'), 'utf8');
    const m = home.match(/<link rel="canonical" href="([^"]+)"/);
    this.baseUrl = m ? decodeEntities(m[1]).replace(/\/$/, '') : null;
  }

  abs(rel) { return path.join(this.dir, rel); }
  has(rel) { return this.fileSet.has(rel); }
  html() { return this.files.filter((f) => f.endsWith('.html')); }

  fitPath(m, h) { return `${m}/on/${h}/index.html`; }
  embedPath(m, h) { return `embed/${m}-on-${h}/index.html`; }
  apiPath(m, h) { return `api/${m}/${h}.json`; }
  modelPath(m) { return `${m}/index.html`; }
  hwPath(h) { return `hardware/${h}/index.html`; }
  // URL path (for the server) of a file path: "a/index.html" → "a/"
  urlPath(rel) { return rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel; }

  api(m, h) { return JSON.parse(fs.readFileSync(this.abs(this.apiPath(m, h)), 'utf8')); }

  // The pages that exist once per site.
  singles() {
    return [
      ['home', 'index.html'],
      ['models index', 'models/index.html'],
      ['hardware index', 'hardware/index.html'],
      ['methodology', 'methodology/index.html'],
      ['404', '404.html'],
    ].filter(([, rel]) => this.has(rel));
  }

  // n seeded random pairs, plus (when byFit) the first pair found in random
  // order for each fit class, so a sample always covers native, tight,
  // offload and too-heavy pages when the catalog has them.
  samplePairs(seed, n, byFit) {
    const rand = rng(seed);
    const all = [];
    for (const m of this.models) for (const h of this.hardware) all.push([m.slug, h.slug]);
    const order = shuffle(all, rand);
    const picked = order.slice(0, n);
    if (byFit) {
      const seen = new Map();
      for (const [m, h] of order) {
        if (seen.size >= 4) break;
        let fit;
        try { fit = this.api(m, h).fit; } catch (e) { continue; }
        if (!seen.has(fit)) seen.set(fit, [m, h]);
      }
      for (const [fit, p] of seen) {
        if (!picked.some(([m, h]) => m === p[0] && h === p[1])) picked.push(p);
        p.fit = fit;
      }
    }
    return picked;
  }

  sampleOf(list, seed, n) {
    return shuffle(list, rng(seed)).slice(0, n);
  }
}

module.exports = { Site, rng, shuffle, walk, decodeEntities };
