'use strict';
// Debian's Chromium, driven by playwright-core (which never downloads a
// browser of its own). CHROMIUM=/path overrides the executable.

const fs = require('fs');
const os = require('os');
const path = require('path');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/lib/chromium/chromium'];

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

function chromiumPath() {
  if (process.env.CHROMIUM) return fs.existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) || null;
}

function freshProfile(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fit-gates-${tag}-`));
}

// Playwright starts the browser on a fresh temporary profile every launch.
async function launch() {
  const { chromium } = require('playwright-core');
  const exe = chromiumPath();
  if (!exe) throw new Error('no Chromium executable found');
  return chromium.launch({ executablePath: exe, headless: true, args: ARGS, timeout: 60000 });
}

module.exports = { chromiumPath, launch, freshProfile, ARGS };
