'use strict';
// A small static file server for the built site, bound to 127.0.0.1 on a free
// port. It behaves like an ordinary static host: index.html for folders, a
// redirect for folders without a trailing slash, 404.html with status 404,
// gzip when the client asks for it, long caching for versioned static files.
//
//   node lib/server.js DIR [PORT]      serve DIR until interrupted
//
// From code: const s = await serve(dir, { files: { '/host.html': html } });
//            s.url → 'http://127.0.0.1:PORT/'; await s.close();

const http = require('http');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest)|image\/svg)/;

function send(req, res, status, type, body, headers) {
  const h = Object.assign({ 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' }, headers || {});
  if (body.length > 512 && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    body = zlib.gzipSync(body);
    h['Content-Encoding'] = 'gzip';
    h['Vary'] = 'Accept-Encoding';
  }
  h['Content-Length'] = body.length;
  res.writeHead(status, h);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function serve(root, opts) {
  opts = opts || {};
  root = path.resolve(root);
  const files = opts.files || {};
  const log = opts.log || null; // array to collect "STATUS path" lines
  const server = http.createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url, 'http://127.0.0.1');
    } catch (e) {
      return send(req, res, 400, 'text/plain', Buffer.from('bad request'));
    }
    let p;
    try {
      p = decodeURIComponent(url.pathname);
    } catch (e) {
      return send(req, res, 400, 'text/plain', Buffer.from('bad request'));
    }
    const record = (status) => { if (log) log.push(`${status} ${url.pathname}`); };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      record(405);
      return send(req, res, 405, 'text/plain', Buffer.from('method not allowed'));
    }
    if (Object.prototype.hasOwnProperty.call(files, p)) {
      const f = files[p];
      record(200);
      return send(req, res, 200, f.type || 'text/html; charset=utf-8', Buffer.from(f.body !== undefined ? f.body : f),
        { 'Cache-Control': 'no-cache' });
    }
    const full = path.join(root, p);
    if (full !== root && !full.startsWith(root + path.sep)) {
      record(403);
      return send(req, res, 403, 'text/plain', Buffer.from('forbidden'));
    }
    let file = full;
    let st = null;
    try { st = fs.statSync(file); } catch (e) { st = null; }
    if (st && st.isDirectory()) {
      if (!p.endsWith('/')) {
        record(301);
        res.writeHead(301, { Location: url.pathname + '/' + url.search, 'Content-Length': 0 });
        return res.end();
      }
      file = path.join(file, 'index.html');
      try { st = fs.statSync(file); } catch (e) { st = null; }
    }
    if (!st || !st.isFile()) {
      record(404);
      let body = Buffer.from('<!doctype html><title>Not found</title><p>Not found');
      try { body = fs.readFileSync(path.join(root, '404.html')); } catch (e) { /* no 404 page */ }
      return send(req, res, 404, TYPES['.html'], body, { 'Cache-Control': 'no-cache' });
    }
    const type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    const versioned = p.startsWith('/static/') && url.search.length > 0;
    record(200);
    send(req, res, 200, type, fs.readFileSync(file), {
      'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port || 0, '127.0.0.1', () => {
      const port = server.address().port;
      resolve({
        port,
        url: `http://127.0.0.1:${port}/`,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

module.exports = { serve };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node lib/server.js DIR [PORT]');
    process.exit(2);
  }
  serve(dir, { port: Number(process.argv[3] || 0) }).then((s) => {
    console.log(`serving ${path.resolve(dir)} on ${s.url} (Ctrl-C to stop)`);
  }, (e) => {
    console.error(`server: ${e.message}`);
    process.exit(1);
  });
}
