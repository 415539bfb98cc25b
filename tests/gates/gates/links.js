'use strict';
// No broken links: every href, src, srcset, poster, action, data-index and
// social URL of every HTML page of each built site, internal #anchors
// included; absolute URLs under the site's base_url (canonical, og:url, the
// embed snippets, the sitemap) must map to a file of the site too. External
// links are listed in tests/out/gates/external-links-LABEL.txt, never fetched.

const fs = require('fs');
const path = require('path');
const { Parser } = require('htmlparser2');
const { check, note } = require('../lib/report');

const URL_ATTRS = {
  href: ['a', 'area', 'link', 'base'],
  src: ['img', 'script', 'iframe', 'source', 'audio', 'video', 'embed', 'track', 'input', 'frame'],
  poster: ['video'],
  data: ['object'],
  action: ['form'],
  formaction: ['button', 'input'],
  cite: ['blockquote', 'q', 'del', 'ins'],
};
const META_URLS = new Set(['og:url', 'og:image', 'og:image:url', 'twitter:image', 'twitter:url']);

function extract(html) {
  const ids = new Set();
  const links = [];
  let snippetDepth = 0;
  const parser = new Parser({
    onopentag(tag, a) {
      if (a.id !== undefined) ids.add(a.id);
      if (tag === 'a' && a.name !== undefined) ids.add(a.name);
      for (const [attr, tags] of Object.entries(URL_ATTRS)) {
        if (a[attr] !== undefined && tags.includes(tag)) links.push({ tag, attr, url: a[attr] });
      }
      for (const attr of ['srcset', 'imagesrcset']) {
        if (a[attr] !== undefined) {
          for (const part of a[attr].split(',')) {
            const u = part.trim().split(/\s+/)[0];
            if (u) links.push({ tag, attr, url: u });
          }
        }
      }
      if (tag === 'meta' && META_URLS.has(a.property || a.name)) links.push({ tag, attr: `content (${a.property || a.name})`, url: a.content || '' });
      if (a['data-index'] !== undefined) links.push({ tag, attr: 'data-index', url: a['data-index'] });
      // copy buttons carrying an embed snippet: the snippet's own URLs
      if (a['data-copy'] !== undefined && /<iframe\b/i.test(a['data-copy']) && snippetDepth === 0) {
        snippetDepth++;
        const inner = extract(a['data-copy']);
        snippetDepth--;
        for (const l of inner.links) links.push({ tag: `${tag}[data-copy] ${l.tag}`, attr: l.attr, url: l.url });
      }
    },
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  parser.write(html);
  parser.end();
  return { ids, links };
}

function resolve(site, fromRel, raw) {
  // returns { kind: 'internal'|'external'|'ok'|'broken', target, frag, why }
  const url = raw.trim();
  if (url === '') return { kind: 'internal', target: fromRel, frag: '' }; // the page itself
  if (url !== raw) return { kind: 'broken', why: 'URL has surrounding white space' };
  if (/^javascript:/i.test(url)) return { kind: 'broken', why: 'javascript: URL' };
  if (/^(data|blob):/i.test(url)) return { kind: 'ok' };
  if (/^(mailto|tel|sms):/i.test(url)) return { kind: 'external' };
  let pathPart;
  let frag = '';
  const base = site.baseUrl;
  const hashAt = url.indexOf('#');
  const noFrag = hashAt >= 0 ? url.slice(0, hashAt) : url;
  if (hashAt >= 0) frag = url.slice(hashAt + 1);
  const noQuery = noFrag.split('?')[0];
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
    const full = url.startsWith('//') ? 'https:' + url : url;
    if (base && (noFrag === base || noFrag.startsWith(base + '/') || noFrag.startsWith(base + '?'))) {
      pathPart = noQuery.slice(base.length).replace(/^\//, '');
      try { pathPart = decodeURIComponent(pathPart); } catch (e) { return { kind: 'broken', why: 'bad %-encoding' }; }
      return finish(site, pathPart, frag, noQuery.endsWith('/') || noQuery === base);
    }
    if (!/^https?:/i.test(full)) return { kind: 'broken', why: 'unknown URL scheme' };
    try { new URL(full); } catch (e) { return { kind: 'broken', why: 'malformed URL' }; }
    return { kind: 'external' };
  }
  if (noFrag === '') {
    // "#frag" or "#": this page
    return { kind: 'internal', target: fromRel, frag };
  }
  let rel;
  try { rel = decodeURIComponent(noQuery); } catch (e) { return { kind: 'broken', why: 'bad %-encoding' }; }
  if (rel.startsWith('/')) {
    // root-relative: right only when it starts with base_url's own path
    let basePath = '';
    try { basePath = base ? new URL(base).pathname.replace(/\/+$/, '') : ''; } catch (e) { basePath = ''; }
    if (!rel.startsWith(basePath + '/')) return { kind: 'broken', why: `root-relative URL outside base_url's path "${basePath}/"` };
    const inSite = rel.slice(basePath.length + 1);
    return finish(site, path.posix.normalize(inSite || '.').replace(/^\.$/, ''), frag, /(^|\/)\.{0,2}$/.test(inSite));
  }
  let joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), rel));
  if (joined === '..' || joined.startsWith('../')) return { kind: 'broken', why: 'climbs above the site root' };
  if (joined === '.' || joined === './') joined = '';
  return finish(site, joined, frag, /(^|\/)\.{0,2}$/.test(rel));
}

function finish(site, p, frag, slash) {
  p = p.replace(/\/+$/, '');
  if (slash || p === '') {
    const t = p ? `${p}/index.html` : 'index.html';
    return site.has(t) ? { kind: 'internal', target: t, frag } : { kind: 'broken', why: 'no such page' };
  }
  if (site.has(p)) return { kind: 'internal', target: p, frag };
  if (site.has(`${p}/index.html`)) return { kind: 'broken', why: 'folder without a trailing slash' };
  return { kind: 'broken', why: 'no such file' };
}

function checkSite(site, outDir) {
  const t0 = Date.now();
  const pages = site.html();
  const ids = new Map();
  const all = [];
  for (const rel of pages) {
    const { ids: i, links } = extract(fs.readFileSync(site.abs(rel), 'utf8'));
    ids.set(rel, i);
    for (const l of links) all.push([rel, l]);
  }
  const broken = { internal: [], anchor: [], absolute: [] };
  const external = new Map();
  let nInternal = 0;
  for (const [rel, l] of all) {
    const r = resolve(site, rel, l.url);
    const isAbs = site.baseUrl && l.url.startsWith(site.baseUrl);
    const where = `${rel}: <${l.tag} ${l.attr}="${l.url}">`;
    if (r.kind === 'external') {
      if (!external.has(l.url)) external.set(l.url, []);
      const e = external.get(l.url);
      if (e.length < 3) e.push(rel);
      continue;
    }
    if (r.kind === 'ok') continue;
    nInternal++;
    if (r.kind === 'broken') {
      (isAbs ? broken.absolute : broken.internal).push(`${where} ${r.why}`);
      continue;
    }
    if (r.frag && r.target.endsWith('.html')) {
      let f = r.frag;
      try { f = decodeURIComponent(f); } catch (e) { /* keep as is */ }
      const targetIds = ids.get(r.target);
      if (!targetIds || !targetIds.has(f)) broken.anchor.push(`${where} no id="${f}" in ${r.target}`);
    }
  }
  // the sitemap(s) and robots.txt
  const smBroken = [];
  let nLocs = 0;
  for (const f of site.files.filter((x) => /^sitemap(-\d+)?\.xml$/.test(x))) {
    const xml = fs.readFileSync(site.abs(f), 'utf8');
    if (!/^<\?xml[^>]*\?>\s*<(urlset|sitemapindex)\b/.test(xml)) smBroken.push(`${f}: not a sitemap document`);
    for (const m of xml.matchAll(/<loc>([^<]*)<\/loc>/g)) {
      nLocs++;
      const loc = m[1].replace(/&amp;/g, '&');
      const r = resolve(site, 'index.html', loc);
      if (r.kind !== 'internal') smBroken.push(`${f}: <loc>${loc}</loc> ${r.why || 'not under base_url ' + site.baseUrl}`);
    }
  }
  if (site.has('robots.txt')) {
    const robots = fs.readFileSync(site.abs('robots.txt'), 'utf8');
    const sms = [...robots.matchAll(/^Sitemap:\s*(\S+)/gim)].map((m) => m[1]);
    if (!sms.length) smBroken.push('robots.txt: no Sitemap line');
    for (const u of sms) {
      const r = resolve(site, 'index.html', u);
      if (r.kind !== 'internal') smBroken.push(`robots.txt: Sitemap ${u} ${r.why || 'not under base_url'}`);
    }
  } else smBroken.push('robots.txt missing');

  // A static host serves 404.html for a missing URL at any depth, so its
  // links and assets must not depend on where it sits.
  const nfBroken = [];
  if (site.has('404.html')) {
    const deep = 'no-such-folder/no-such-page/index.html';
    for (const l of extract(fs.readFileSync(site.abs('404.html'), 'utf8')).links) {
      if (l.url === '' || l.url.startsWith('#')) continue;
      const r = resolve(site, deep, l.url);
      if (r.kind === 'broken') nfBroken.push(`<${l.tag} ${l.attr}="${l.url}"> served at /${deep.replace(/index\.html$/, '')}: ${r.why}`);
    }
  }

  const L = site.label;
  check(`links ${L}: the 404 page's links and assets work wherever the host serves it`, nfBroken.length === 0,
    `${nfBroken.length} broken: ` + nfBroken.slice(0, 6).join('; '));
  const list = (a) => `${a.length} broken: ` + a.slice(0, 15).join('; ') + (a.length > 15 ? `; … ${a.length - 15} more` : '');
  check(`links ${L}: every internal href/src resolves to a file (${nInternal} links in ${pages.length} pages)`,
    broken.internal.length === 0, list(broken.internal));
  check(`links ${L}: every #anchor exists on its target page`, broken.anchor.length === 0, list(broken.anchor));
  check(`links ${L}: every absolute URL under base_url (canonical, og:url, embed snippets) maps to a page`,
    broken.absolute.length === 0, list(broken.absolute));
  check(`links ${L}: sitemap (${nLocs} URLs) and robots.txt point at pages that exist`, smBroken.length === 0, list(smBroken));

  fs.mkdirSync(outDir, { recursive: true });
  const extFile = path.join(outDir, `external-links-${L}.txt`);
  const lines = [...external.keys()].sort().map((u) => `${u}\t${external.get(u).join(' ')}`);
  fs.writeFileSync(extFile, lines.join('\n') + (lines.length ? '\n' : ''));
  note(`${external.size} distinct external links listed (not fetched) in ${path.relative(process.cwd(), extFile)}`);
  note(`link check of ${L} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function run(ctx) {
  for (const site of ctx.sites) checkSite(site, ctx.outDir);
}

module.exports = { run, extract, resolve };
