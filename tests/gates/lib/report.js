'use strict';
// Check counting and output, in the same style as tests/e2e.py:
//   ok   name
//   FAIL name: detail
// and a closing line "gates: N passed, N failed" printed by run.js.

const counts = { passed: 0, failed: 0 };
const skips = [];

function check(name, ok, detail) {
  if (ok) {
    counts.passed++;
    console.log(`ok   ${name}`);
  } else {
    counts.failed++;
    let d = detail === undefined || detail === null ? '' : String(detail);
    if (d.length > 4000) d = d.slice(0, 4000) + ` … (${d.length - 4000} more characters)`;
    console.log(`FAIL ${name}` + (d ? `: ${d}` : ''));
  }
  return !!ok;
}

function section(title) {
  console.log(`\n== ${title}`);
}

function note(text) {
  console.log(`     ${text}`);
}

// A gate that cannot run says so loudly, on stdout and stderr, right away and
// again just before the closing line. When the environment requires it (CI,
// or GATES_REQUIRE_BROWSER=1 / GATES_REQUIRE_JAVA=1) the skip counts as a
// failure instead.
function skip(gate, reason, fix, mustRun) {
  const bar = '!'.repeat(78);
  const lines = [bar, `!!! SKIPPED GATE: ${gate}`, `!!! reason: ${reason}`];
  if (fix) lines.push(`!!! to run it: ${fix}`);
  if (mustRun) lines.push('!!! this environment requires every gate to run, so the skip counts as a failure');
  lines.push(bar);
  const text = lines.join('\n');
  console.log(text);
  console.error(text);
  skips.push(text);
  if (mustRun) check(`${gate} ran`, false, reason);
}

function summary() {
  if (skips.length) {
    for (const s of skips) {
      console.log(s);
      console.error(s);
    }
  }
  return counts;
}

module.exports = { check, section, note, skip, summary, counts };
