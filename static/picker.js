// Home page picker: type a model and a hardware entry, go to their fit page.
// The page's datalists give the browser's own type-to-filter; this script
// maps the chosen names to slugs using the compact index (api/index.json).
(function () {
  'use strict';
  var form = document.getElementById('picker');
  if (!form) return;
  var err = document.getElementById('pick-err');
  var index = null, asked = false;
  // Fetched when the visitor first reaches for the picker, not while the page
  // loads: the lists below it are most of the page, and the index is only
  // needed to map a typed name to its slug.
  function load() {
    if (asked) return;
    asked = true;
    fetch(form.getAttribute('data-index')).then(function (r) { return r.json(); })
      .then(function (j) { index = j; }, function () { index = null; });
  }
  form.addEventListener('focusin', load);
  form.addEventListener('pointerdown', load);

  function fromList(id) {
    var map = {};
    var opts = document.querySelectorAll('#' + id + ' option');
    for (var i = 0; i < opts.length; i++) map[opts[i].value.toLowerCase()] = opts[i].getAttribute('data-slug');
    return map;
  }
  function find(pairs, listId, text) {
    var t = text.trim().toLowerCase();
    if (!t) return null;
    var entries = pairs || Object.keys(fromList(listId)).map(function (k) { return [fromList(listId)[k], k]; });
    var exact = null, partial = [];
    for (var i = 0; i < entries.length; i++) {
      var slug = entries[i][0], name = String(entries[i][1]).toLowerCase();
      if (name === t || slug === t) exact = slug;
      else if (name.indexOf(t) >= 0 || slug.indexOf(t) >= 0) partial.push(slug);
    }
    return exact || (partial.length === 1 ? partial[0] : null);
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var m = find(index && index.m, 'model-options', document.getElementById('pick-model').value);
    var h = find(index && index.h, 'hw-options', document.getElementById('pick-hw').value);
    if (!m || !h) {
      err.hidden = false;
      err.textContent = !m ? 'Pick a model from the list (keep typing to narrow it down).'
                           : 'Pick a hardware entry from the list (keep typing to narrow it down).';
      return;
    }
    window.location.href = m + '/on/' + h + '/';
  });
})();
