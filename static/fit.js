// Fit page: switch the headline to another quantization, copy buttons, and
// the "how fast it feels" stream. Everything works without this script; it
// only adds interaction on top of the static page.
(function () {
  'use strict';
  var dataEl = document.getElementById('quant-data');
  var quants = dataEl ? JSON.parse(dataEl.textContent) : {};
  var feelBtn = document.getElementById('feel-go');

  function setText(field, value) {
    var els = document.querySelectorAll('[data-f="' + field + '"]');
    for (var i = 0; i < els.length; i++) els[i].textContent = value;
  }

  function select(name) {
    var q = quants[name];
    if (!q) return;
    ['total', 'usable', 'decode', 'ttft', 'safe_context', 'offload_pct', 'quant'].forEach(function (f) {
      setText(f, q[f]);
    });
    var g = document.querySelector('[data-f="grade"] .grade');
    if (g) {
      g.textContent = q.grade;
      g.className = 'grade g-' + q.grade_class;
      g.title = 'Score ' + q.score + ' of 100';
    }
    var rows = document.querySelectorAll('table.quants tbody tr');
    for (var i = 0; i < rows.length; i++) {
      var on = rows[i].getAttribute('data-q') === name;
      rows[i].classList.toggle('sel', on);
    }
    press(name);
    if (feelBtn) {
      feelBtn.setAttribute('data-tok-s', q.runs ? parseFloat(q.decode) || 0 : 0);
    }
  }

  // The quantization buttons are toggles: the one shown in the headline is pressed.
  function press(name) {
    var btns = document.querySelectorAll('button.qsel');
    for (var i = 0; i < btns.length; i++) btns[i].setAttribute('aria-pressed', btns[i].getAttribute('data-q') === name ? 'true' : 'false');
  }
  var shown = document.querySelector('[data-f="quant"]');
  if (shown) press(shown.textContent);

  document.addEventListener('click', function (e) {
    var t = e.target;
    if (t.classList.contains('qsel')) select(t.getAttribute('data-q'));
    if (t.classList.contains('copy')) {
      var text = t.getAttribute('data-copy');
      var done = function () { t.textContent = 'Copied'; setTimeout(function () { t.textContent = 'Copy'; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
      } else { fallbackCopy(text); done(); }
    }
  });

  function fallbackCopy(text) {
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'absolute';
    ta.style.left = '-9999px';
    document.body.appendChild(ta);
    ta.select();
    try { document.execCommand('copy'); } catch (err) { /* nothing else to try */ }
    document.body.removeChild(ta);
  }

  var SAMPLE = 'Sure. A hash map stores key-value pairs in an array of buckets. ' +
    'To insert, hash the key, take the hash modulo the bucket count, and append the pair to that bucket. ' +
    'Lookups repeat the same steps and compare keys within the bucket. When the load factor grows past ' +
    'about three quarters, allocate twice as many buckets and re-insert every pair, which keeps the ' +
    'average cost of each operation constant.';
  var timer = null;
  if (feelBtn) {
    feelBtn.addEventListener('click', function () {
      var out = document.getElementById('feel-out');
      var tokS = parseFloat(feelBtn.getAttribute('data-tok-s')) || 0;
      var ttft = parseFloat(feelBtn.getAttribute('data-ttft-ms')) || 0;
      if (timer) clearTimeout(timer);
      if (tokS <= 0) { out.textContent = 'This setup does not run usefully, so there is nothing to stream.'; return; }
      var words = SAMPLE.split(' ');
      var reduce = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      if (reduce) {
        out.textContent = SAMPLE + '\n\n(' + words.length + ' words at ' + tokS.toFixed(1) +
          ' tok/s would take about ' + (ttft / 1000 + words.length * 1.3 / tokS).toFixed(1) + ' s.)';
        return;
      }
      out.textContent = 'Waiting for the first token…';
      var i = 0;
      var perWord = 1300 / tokS; // about 1.3 tokens per English word
      function step() {
        if (i === 0) out.textContent = '';
        out.textContent += (i ? ' ' : '') + words[i];
        i++;
        if (i < words.length) timer = setTimeout(step, perWord);
      }
      timer = setTimeout(step, Math.min(ttft, 30000));
    });
  }
})();
