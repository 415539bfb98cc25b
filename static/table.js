// Sortable, filterable tables. Without JavaScript the tables are complete
// and ordered by the page's documented ranking.
(function () {
  'use strict';
  function key(cell, numeric) {
    var v = cell.getAttribute('data-v');
    var text = v !== null ? v : cell.textContent.trim();
    if (!numeric) return text.toLowerCase();
    var n = parseFloat(text.replace(/[^0-9.\-]/g, ''));
    return isNaN(n) ? -Infinity : n;
  }
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.querySelectorAll('thead th');
    Array.prototype.forEach.call(heads, function (th, col) {
      var btn = document.createElement('button');
      btn.type = 'button';
      btn.className = 'sort';
      btn.textContent = th.textContent;
      th.textContent = '';
      th.appendChild(btn);
      btn.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var numeric = th.getAttribute('data-type') === 'num';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col], numeric), y = key(b.cells[col], numeric);
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  var filters = document.querySelectorAll('input[data-filter]');
  Array.prototype.forEach.call(filters, function (input) {
    var table = document.getElementById(input.getAttribute('data-filter'));
    input.addEventListener('input', function () {
      var q = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = q && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
  });
})();
