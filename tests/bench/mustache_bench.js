// The mustache.js baseline for `make bench`: renders DIR/template.mustache
// with DIR/context.json (partials from DIR/partials/) N times from memory and
// prints "renders bytes seconds", as tests/bench/renderbench.c does.
'use strict';
const fs = require('fs');
const path = require('path');
const Mustache = require('mustache');

const dir = process.argv[2];
const n = parseInt(process.argv[3] || '1000', 10);
const template = fs.readFileSync(path.join(dir, 'template.mustache'), 'utf8');
const context = JSON.parse(fs.readFileSync(path.join(dir, 'context.json'), 'utf8'));
const partials = {};
for (const f of fs.readdirSync(path.join(dir, 'partials'))) {
  partials[f.replace(/\.mustache$/, '')] = fs.readFileSync(path.join(dir, 'partials', f), 'utf8');
}
Mustache.parse(template); // compile once, as fitgen does
let bytes = 0;
let out = '';
for (let i = 0; i < 50; i++) out = Mustache.render(template, context, partials); // warm up the JIT
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) {
  out = Mustache.render(template, context, partials);
  bytes += Buffer.byteLength(out);
}
const sec = Number(process.hrtime.bigint() - t0) / 1e9;
fs.writeFileSync(path.join(dir, 'mustache-js.html'), out);
console.log(`${n} ${bytes} ${sec.toFixed(6)}`);
